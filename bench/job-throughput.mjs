#!/usr/bin/env node
// Job throughput: 50 short jobs (`echo hi`) submitted at once with `orcaops_submit_job` to one long-lived
// orcaops-mcp (stdio, fresh ORCAOPS_HOME, after one warm-up job), then polled with `orcaops_list_jobs` every
// 100 ms until all are final; versus 50 `docker run --rm <image> echo hi` by the Docker CLI, run with the same
// parallelism as the jobs plugin's default concurrency, max(2, os.cpus().length). Batches are interleaved.
// Reports jobs per second (medians) and the ratio (orcaops / docker CLI; 1.0x = as fast as the CLI).
// Usage: node bench/job-throughput.mjs [runs=3]   (build first: npm run build; engine: bash tools/test-engine/up.sh)
import { cpus } from 'node:os';
import { BENCH_LABEL, FINAL, IMAGE, cleanupOnExit, closeServer, docker, median, newRunId, preflight, runCount, startServer } from './job-bench-common.mjs';

const runs = runCount(3);
const JOBS = 50;
const POLL_MS = 100;
// The jobs plugin's default (plugins/jobs/src/jobs-options.ts); the server runs on this machine with no config.
const CONCURRENCY = Math.max(2, cpus().length);
const runId = newRunId('job-throughput');
await preflight();

const server = await startServer();
const cleanup = cleanupOnExit(() => closeServer(server, runId));
const spec = { image: IMAGE, commands: ['echo hi'], labels: { [BENCH_LABEL]: runId } };

async function orcaopsBatch() {
  const started = performance.now();
  const submitted = await Promise.all(Array.from({ length: JOBS }, () => server.call('orcaops_submit_job', spec)));
  const allSubmitted = performance.now() - started;
  const ids = new Set(submitted.map((job) => job.job_id));
  let polls = 0;
  let rows;
  for (;;) {
    polls++;
    const page = await server.call('orcaops_list_jobs', { limit: 100 });
    rows = page.jobs.filter((job) => ids.has(job.job_id));
    if (rows.length === JOBS && rows.every((job) => FINAL.has(job.status))) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const wall = performance.now() - started;
  const failed = rows.filter((job) => job.status !== 'success');
  if (failed.length) throw new Error(`${failed.length} job(s) did not succeed, e.g. ${JSON.stringify(failed[0])}`);
  // The engine's own span, from the records: first created_at to last finished_at (no polling granularity).
  const statuses = await Promise.all([...ids].map((job_id) => server.call('orcaops_get_job_status', { job_id })));
  const engineSpan = Math.max(...statuses.map((s) => Date.parse(s.finished_at))) - Math.min(...statuses.map((s) => Date.parse(s.created_at)));
  const perJob = median(statuses.map((s) => s.duration_ms));
  return { wall, jobsPerSecond: JOBS / (wall / 1000), extra: { allSubmitted, engineSpan, perJob, polls } };
}

async function dockerBatch() {
  const started = performance.now();
  let next = 0;
  const durations = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < JOBS) {
        next++;
        const t = performance.now();
        const out = await docker(['run', '--rm', '--label', `${BENCH_LABEL}=${runId}`, IMAGE, 'echo', 'hi']);
        durations.push(performance.now() - t);
        if (out !== 'hi\n') throw new Error(`unexpected docker run output: ${JSON.stringify(out)}`);
      }
    }),
  );
  const wall = performance.now() - started;
  return { wall, jobsPerSecond: JOBS / (wall / 1000), extra: { perJob: median(durations) } };
}

const kinds = { orcaops: orcaopsBatch, 'docker run --rm': dockerBatch };
const BASELINE = 'docker run --rm';
const samples = Object.fromEntries(Object.keys(kinds).map((name) => [name, []]));
let leftovers = 0;
try {
  await server.call('orcaops_run_job', spec); // warm-up: dockerode loaded, engine warm
  await docker(['run', '--rm', '--label', `${BENCH_LABEL}=${runId}`, IMAGE, 'true']);
  for (let i = 0; i < runs; i++) {
    const names = Object.keys(kinds);
    for (const name of i % 2 ? names.reverse() : names) samples[name].push(await kinds[name]());
  }
} finally {
  leftovers = await cleanup();
}

const baseline = median(samples[BASELINE].map((s) => s.jobsPerSecond));
console.log(`job throughput: ${JOBS} "echo hi" jobs at once, parallelism ${CONCURRENCY} (jobs plugin default max(2, cpus=${cpus().length})), median of ${runs} interleaved batches, node ${process.version}`);
for (const name of Object.keys(kinds)) {
  const rates = samples[name].map((s) => s.jobsPerSecond);
  const wall = median(samples[name].map((s) => s.wall));
  const ratio = name === BASELINE ? '(baseline)' : `${(median(rates) / baseline).toFixed(2)}x baseline throughput`;
  console.log(`  ${name.padEnd(16)} ${median(rates).toFixed(2).padStart(6)} jobs/s  (${(wall / 1000).toFixed(2)} s per batch; min ${Math.min(...rates).toFixed(2)}, max ${Math.max(...rates).toFixed(2)} jobs/s)  ${ratio}`);
}
const o = samples.orcaops.map((s) => s.extra);
console.log(`  orcaops detail (medians): 50 submits answered in ${median(o.map((e) => e.allSubmitted)).toFixed(0)} ms; first created_at -> last finished_at ${(median(o.map((e) => e.engineSpan)) / 1000).toFixed(2)} s` +
  ` (${(JOBS / (median(o.map((e) => e.engineSpan)) / 1000)).toFixed(2)} jobs/s without polling granularity); job duration_ms ${median(o.map((e) => e.perJob)).toFixed(0)} ms; ${median(o.map((e) => e.polls))} polls`);
console.log(`  docker CLI detail (median): one docker run ${median(samples[BASELINE].map((s) => s.extra.perJob)).toFixed(0)} ms at parallelism ${CONCURRENCY}`);
console.log(`  cleanup: ${leftovers} leftover container(s) with ${BENCH_LABEL}=${runId} removed`);
