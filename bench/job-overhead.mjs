#!/usr/bin/env node
// Per-job overhead: wall time of one `orcaops_run_job {image, commands: ["echo hi"]}` through one long-lived
// orcaops-mcp (stdio, fresh ORCAOPS_HOME, after one warm-up job), versus `docker run --rm <image> echo hi` by the
// Docker CLI, interleaved so that machine noise hits both alike. Reports medians, their ratio (target <= 1.0x),
// and where the time goes: phases from the run record's timestamps and from `docker events` for the container.
// Usage: node bench/job-overhead.mjs [runs=15]   (build first: npm run build; engine: bash tools/test-engine/up.sh)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BENCH_LABEL, IMAGE, cleanupOnExit, closeServer, docker, fmt, followContainerEvents, median, newRunId, nowMs, preflight, runCount, startServer,
} from './job-bench-common.mjs';

const runs = runCount(15);
const TARGET = 1.0;
const runId = newRunId('job-overhead');
await preflight();

const server = await startServer();
const events = followContainerEvents(runId);
const cleanup = cleanupOnExit(async () => {
  events.stop();
  return closeServer(server, runId);
});

const ms = (iso) => (iso ? Date.parse(iso) : NaN);

async function orcaopsJob() {
  const sent = nowMs();
  const started = performance.now();
  const view = await server.call('orcaops_run_job', { image: IMAGE, commands: ['echo hi'], labels: { [BENCH_LABEL]: runId } });
  const wall = performance.now() - started;
  const received = nowMs();
  if (view.status !== 'success' || view.steps[0]?.stdout_tail !== 'hi\n') throw new Error(`unexpected job result: ${JSON.stringify(view)}`);
  const record = JSON.parse(readFileSync(join(server.home, 'runs', view.job_id, 'record.json'), 'utf8'));
  const step = record.steps[0];
  const ev = await waitEvents(view.container_id);
  return {
    wall,
    phases: {
      'request -> record created (created_at)': ms(record.created_at) - sent,
      'created_at -> started_at (lease, queue, record)': ms(record.started_at) - ms(record.created_at),
      'started_at -> container created (image, archive)': ev.create - ms(record.started_at),
      'created -> started (record, put archive, start)': ev.start - ev.create,
      'started -> step 0 start marker seen': ms(step.started_at) - ev.start,
      'step 0 (start -> end marker)': ms(step.finished_at) - ms(step.started_at),
      'container started -> died': ev.die - ev.start,
      'died -> destroyed (wait, remove)': ev.destroy - ev.die,
      'destroyed -> finished_at': ms(record.finished_at) - ev.destroy,
      'finished_at -> response received': received - ms(record.finished_at),
    },
  };
}

async function dockerRun() {
  const sent = nowMs();
  const started = performance.now();
  const out = await docker(['run', '--rm', '--label', `${BENCH_LABEL}=${runId}`, IMAGE, 'echo', 'hi']);
  const wall = performance.now() - started;
  const exited = nowMs();
  if (out !== 'hi\n') throw new Error(`unexpected docker run output: ${JSON.stringify(out)}`);
  // `docker run` does not print the container id; find it by its create event (the newest unclaimed one).
  const id = await claimCliContainer(sent);
  const ev = await waitEvents(id);
  return {
    wall,
    phases: {
      'CLI spawned -> container created': ev.create - sent,
      'created -> started (attach, start)': ev.start - ev.create,
      'container started -> died': ev.die - ev.start,
      'died -> destroyed (--rm)': ev.destroy - ev.die,
      'destroyed -> CLI exited': exited - ev.destroy,
    },
  };
}

const claimed = new Set();
async function claimCliContainer(since) {
  for (let i = 0; i < 300; i++) {
    const candidates = [...events.events.entries()].filter(([id, e]) => !claimed.has(id) && e.create >= since - 5 && e.destroy);
    if (candidates.length === 1) {
      claimed.add(candidates[0][0]);
      return candidates[0][0];
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}

async function waitEvents(id) {
  if (id) for (const action of ['create', 'start', 'die', 'destroy']) await events.waitFor(id, action);
  const e = (id && events.events.get(id)) || {};
  if (id) claimed.add(id);
  return { create: e.create ?? NaN, start: e.start ?? NaN, die: e.die ?? NaN, destroy: e.destroy ?? NaN };
}

const kinds = { orcaops_run_job: orcaopsJob, 'docker run --rm': dockerRun };
const BASELINE = 'docker run --rm';
const samples = Object.fromEntries(Object.keys(kinds).map((name) => [name, []]));
let leftovers = 0;
try {
  await events.ready();
  for (const fn of Object.values(kinds)) await fn(); // warm-up: dockerode loaded, engine and page cache warm
  for (let i = 0; i < runs; i++) {
    const names = Object.keys(kinds);
    const order = i % 2 ? names.reverse() : names;
    for (const name of order) samples[name].push(await kinds[name]());
  }
} finally {
  leftovers = await cleanup();
}

const baseline = median(samples[BASELINE].map((s) => s.wall));
console.log(`job overhead: one "echo hi" job, wall time, median of ${runs} interleaved runs (after 1 warm-up each), node ${process.version}`);
for (const name of Object.keys(kinds)) {
  const walls = samples[name].map((s) => s.wall);
  const m = median(walls);
  const ratio = name === BASELINE ? '  (baseline)' : `  ${(m / baseline).toFixed(2)}x baseline (target <= ${TARGET.toFixed(1)}x)`;
  console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms  (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)})${ratio}`);
}
for (const name of Object.keys(kinds)) {
  console.log(`  phases of ${name} (medians; record times have 1 ms resolution, docker events 1 us):`);
  for (const phase of Object.keys(samples[name][0].phases)) {
    const values = samples[name].map((s) => s.phases[phase]).filter(Number.isFinite);
    console.log(`    ${phase.padEnd(50)} ${values.length ? fmt(median(values)).padStart(10) : '       n/a'}`);
  }
}
console.log(`  cleanup: ${leftovers} leftover container(s) with ${BENCH_LABEL}=${runId} removed`);
