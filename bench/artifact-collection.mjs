#!/usr/bin/env node
// Artifact collection cost: one job writes N small files and collects them with one glob, through one orcaops-mcp
// (stdio, fresh ORCAOPS_HOME). Reports the job's wall time, the part after the steps ended (collection and
// cleanup, from the record's timestamps) and how many artifacts were recorded.
// Usage: node bench/artifact-collection.mjs [files=2000]   (build first: npm run build; engine: bash tools/test-engine/up.sh)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_LABEL, IMAGE, cleanupOnExit, closeServer, fmt, newRunId, preflight, runCount, startServer } from './job-bench-common.mjs';

const files = runCount(2000);
const runId = newRunId('artifact-collection');
await preflight();
const server = await startServer();
const cleanup = cleanupOnExit(() => closeServer(server, runId));
try {
  const started = performance.now();
  const view = await server.call('orcaops_run_job', {
    image: IMAGE,
    commands: [`mkdir -p out && i=0; while [ $i -lt ${files} ]; do echo "file $i" > out/f$i.txt; i=$((i+1)); done`],
    artifacts: ['out/*'],
    timeout: 600,
    wait_seconds: 900,
    labels: { [BENCH_LABEL]: runId },
  }, 900_000);
  const wall = performance.now() - started;
  const record = JSON.parse(readFileSync(join(server.home, 'runs', view.job_id, 'record.json'), 'utf8'));
  const stepsEnded = Date.parse(record.steps.at(-1).finished_at);
  console.log(`files: ${files}, status: ${record.status}, artifacts recorded: ${record.artifacts.length}, skipped: ${record.artifacts_skipped.length}`);
  console.log(`job wall time: ${fmt(wall, 0)}; last step end -> finished_at (collection + cleanup): ${fmt(Date.parse(record.finished_at) - stepsEnded, 0)}`);
} finally {
  await cleanup();
}
