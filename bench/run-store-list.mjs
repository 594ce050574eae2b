#!/usr/bin/env node
// Run history listing: creates N runs (default 10,000, ~10% failed) in a temporary home, then measures
// FileRunStore.list for the first page (limit 50) with a new store object each time ("cold": nothing cached in
// the process; the OS page cache is warm either way), with one reused store ("warm"), and filtered to
// statuses ['failed'] (cold and warm). Prints medians and the 100 ms target. Cleans up.
// Usage: node bench/run-store-list.mjs [runs=10000] [samples=30]   (build first: npm run build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileRunStore } from '@orcaops/run-store';

const runCount = Number(process.argv[2] ?? 10_000);
const samples = Number(process.argv[3] ?? 30);
const TARGET_MS = 100;
const home = mkdtempSync(join(tmpdir(), 'orcaops-bench-runs-'));

function record(n) {
  const status = n % 10 === 3 ? 'failed' : 'success';
  const started = new Date(Date.UTC(2025, 0, 1) + n * 60_000);
  return {
    schema_version: 1, job_id: `bench-${String(n).padStart(6, '0')}`, status,
    image: { ref: n % 3 ? 'alpine:3.20' : 'node:22-alpine', id: null, digest: null },
    created_at: started.toISOString(), started_at: started.toISOString(),
    finished_at: new Date(started.getTime() + 4200).toISOString(), duration_ms: 4200, container_id: `c${n}`,
    spec: { image: 'alpine:3.20', commands: ['npm ci', 'npm test'], env: {}, workdir: '/workspace', timeout: 300 },
    // Two steps with short tails, roughly what a real record holds.
    steps: [0, 1].map((index) => ({
      index, command: index ? 'npm test' : 'npm ci', cwd: null, status: index && status === 'failed' ? 'failed' : 'success',
      exit_code: index && status === 'failed' ? 1 : 0, started_at: started.toISOString(), finished_at: started.toISOString(), duration_ms: 2100,
      stdout: { offset: index * 900, bytes: 900, tail: 'ok\n'.repeat(100), tail_truncated: false },
      stderr: { offset: 0, bytes: 0, tail: '', tail_truncated: false },
    })),
    artifacts: [], artifacts_skipped: [], error: null, cleanup: { container_removed: true, error: null }, labels: { bench: 'yes' },
  };
}

async function populate() {
  const store = new FileRunStore({ home });
  let next = 0;
  // A few creates in flight at once; each one fsyncs its record.
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < runCount) await store.create(record(next++));
  }));
}

async function measure(makeStore, query) {
  const times = [];
  let shown = 0;
  for (let sample = 0; sample < samples; sample++) {
    const store = makeStore();
    const started = performance.now();
    const page = await store.list(query);
    times.push(performance.now() - started);
    shown = page.runs.length;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), shown };
}

try {
  const started = performance.now();
  await populate();
  process.stdout.write(`Created ${runCount} runs in ${((performance.now() - started) / 1000).toFixed(1)} s (Node ${process.versions.node}).\n`);
  const warm = new FileRunStore({ home });
  const cases = [
    ['first page, limit 50, cold store', () => new FileRunStore({ home }), { limit: 50 }],
    ['first page, limit 50, warm store', () => warm, { limit: 50 }],
    ["statuses ['failed'], limit 50, cold store", () => new FileRunStore({ home }), { limit: 50, statuses: ['failed'] }],
    ["statuses ['failed'], limit 50, warm store", () => warm, { limit: 50, statuses: ['failed'] }],
  ];
  process.stdout.write(`\n| case (${samples} samples) | median | min | max | runs |\n|---|---|---|---|---|\n`);
  for (const [name, makeStore, query] of cases) {
    const { median, min, max, shown } = await measure(makeStore, query);
    const mark = median <= TARGET_MS ? '' : ` (over the ${TARGET_MS} ms target)`;
    process.stdout.write(`| ${name} | ${median.toFixed(1)} ms${mark} | ${min.toFixed(1)} ms | ${max.toFixed(1)} ms | ${shown} |\n`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
