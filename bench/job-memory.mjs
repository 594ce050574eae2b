#!/usr/bin/env node
// Memory under a loud job: the peak RSS (VmHWM in /proc/<pid>/status) of orcaops-mcp while one job prints 200 MB
// (`yes 0123456789abcdefghij | head -c 200000000`) through `orcaops_run_job`. Each run starts a fresh server
// (fresh ORCAOPS_HOME) and reports: idle RSS after start-up (initialize + tools/list), RSS after one small
// warm-up job (the Docker client is loaded lazily), the peak during the big job (VmHWM reset just before it via
// /proc/<pid>/clear_refs, and the whole-process VmHWM), the job's duration, and checks that
// runs/<job_id>/stdout.log holds exactly 200,000,000 bytes. For scale, the same output through
// `docker run --rm <image> sh -c '...' > file` (Docker CLI) is timed in the same run, interleaved.
// A second scenario, the flood: four jobs at once, each of 100 steps printing 8 KiB of random bytes on each
// stream (binary output, which JSON escapes at up to six bytes per byte), while the client polls
// orcaops_get_job_status and orcaops_get_job_logs of every job; reports the server's VmHWM over the whole flood
// and the largest reply it sent.
// Target: peak under 150 MB.
// Usage: node bench/job-memory.mjs [runs=3]   (build first: npm run build; engine: bash tools/test-engine/up.sh)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BENCH_LABEL, FINAL, IMAGE, cleanupOnExit, mb, median, newRunId, preflight, procStatus, removeLeftovers, rmHome, runCount, startServer,
} from './job-bench-common.mjs';

const runs = runCount(3);
const BYTES = 200_000_000;
const COMMAND = `yes 0123456789abcdefghij | head -c ${BYTES}`;
const TARGET_BYTES = 150 * 1024 * 1024;
const SAMPLE_MS = 20;
const runId = newRunId('job-memory');
await preflight();

const live = new Set(); // servers and temp dirs to clean up, also on Ctrl-C
const cleanup = cleanupOnExit(async () => {
  for (const item of live) await item();
  return removeLeftovers(runId);
});

/** Runs `work` against a fresh server (fresh ORCAOPS_HOME), which is closed and removed afterwards, also on Ctrl-C. */
async function withServer(work) {
  const server = await startServer();
  const dispose = async () => {
    await server.close();
    rmHome(server.home);
  };
  live.add(dispose);
  try {
    return await work(server);
  } finally {
    live.delete(dispose);
    await dispose();
  }
}

function orcaopsRun() {
  return withServer(async (server) => {
    await server.client.listTools();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let start-up settle (plugins, GC)
    const idle = procStatus(server.pid);
    await server.call('orcaops_run_job', { image: IMAGE, commands: ['echo hi'], labels: { [BENCH_LABEL]: runId } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const warm = procStatus(server.pid);
    let resetOk = true;
    try {
      writeFileSync(`/proc/${server.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS (Linux >= 4.0)
    } catch {
      resetOk = false;
    }
    let sampledPeak = 0;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, procStatus(server.pid).rss);
    }, SAMPLE_MS);
    const started = performance.now();
    const view = await server.call('orcaops_run_job', { image: IMAGE, commands: [COMMAND], labels: { [BENCH_LABEL]: runId } }, 900_000);
    const wall = performance.now() - started;
    clearInterval(sampler);
    const after = procStatus(server.pid);
    if (view.status !== 'success') throw new Error(`big job did not succeed: ${JSON.stringify(view).slice(0, 2000)}`);
    const logBytes = statSync(join(server.home, 'runs', view.job_id, 'stdout.log')).size;
    return {
      idle: idle.rss,
      startupHwm: idle.hwm,
      warm: warm.rss,
      jobPeak: resetOk ? after.hwm : NaN,
      processPeak: Math.max(after.hwm, warm.hwm),
      sampledPeak,
      wall,
      duration: view.duration_ms,
      logBytes,
    };
  });
}

const FLOOD_JOBS = 4;
const FLOOD_STEP = 'head -c 8192 /dev/urandom; head -c 8192 /dev/urandom >&2';

function floodRun() {
  return withServer(async (server) => {
    await server.client.listTools();
    await server.call('orcaops_run_job', { image: IMAGE, commands: ['echo hi'], labels: { [BENCH_LABEL]: runId } });
    let largestReply = 0;
    const call = async (name, args, timeout) => {
      const result = await server.client.callTool({ name, arguments: args }, undefined, { timeout: timeout ?? 300_000 });
      largestReply = Math.max(largestReply, Buffer.byteLength(JSON.stringify(result)));
      if (result.isError) throw new Error(`${name} failed: ${result.content?.map((c) => c.text).join(" ").slice(0, 2000)}`);
      return result.structuredContent;
    };
    const commands = Array.from({ length: 100 }, () => FLOOD_STEP);
    const submitted = await Promise.all(
      Array.from({ length: FLOOD_JOBS }, () => call('orcaops_submit_job', { image: IMAGE, commands, labels: { [BENCH_LABEL]: runId } })),
    );
    const ids = submitted.map((job) => job.job_id);
    const ended = new Set();
    while (ended.size < ids.length) {
      for (const job_id of ids) {
        const status = await call('orcaops_get_job_status', { job_id });
        await call('orcaops_get_job_logs', { job_id });
        if (FINAL.has(status.status)) ended.add(job_id);
      }
    }
    const views = await Promise.all(ids.map((job_id) => call('orcaops_get_run', { job_id })));
    return { peak: procStatus(server.pid).hwm, largestReply, statuses: views.map((view) => view?.run?.status) };
  });
}

async function dockerRun() {
  const dir = mkdtempSync(join(tmpdir(), 'orcaops-bench-mem-'));
  const dispose = async () => rmHome(dir);
  live.add(dispose);
  try {
    const file = join(dir, 'stdout.log');
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const out = createWriteStream(file);
      out.on('open', () => {
        const child = spawn('docker', ['run', '--rm', '--label', `${BENCH_LABEL}=${runId}`, IMAGE, 'sh', '-c', COMMAND], { stdio: ['ignore', out, 'inherit'] });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker run exited with ${code}`))));
      });
      out.on('error', reject);
    });
    const wall = performance.now() - started;
    return { wall, logBytes: statSync(file).size };
  } finally {
    live.delete(dispose);
    await dispose();
  }
}

const o = [];
const d = [];
const f = [];
let leftovers = 0;
try {
  for (let i = 0; i < runs; i++) {
    if (i % 2) d.push(await dockerRun());
    o.push(await orcaopsRun());
    if (!(i % 2)) d.push(await dockerRun());
    f.push(await floodRun());
  }
} finally {
  leftovers = await cleanup();
}

const m = (key, list = o) => median(list.map((r) => r[key]));
const all = (key, format, list = o) => list.map((r) => format(r[key])).join(', ');
const peak = m('processPeak');
console.log(`job memory: one job printing ${BYTES.toLocaleString('en')} bytes via orcaops_run_job, fresh server per run, median of ${runs} runs, node ${process.version}`);
console.log(`  server RSS idle after start-up     ${mb(m('idle')).padStart(9)}   (runs: ${all('idle', mb)}; start-up VmHWM ${mb(m('startupHwm'))})`);
console.log(`  server RSS after one small job     ${mb(m('warm')).padStart(9)}   (runs: ${all('warm', mb)})`);
console.log(`  peak RSS during the 200 MB job     ${mb(m('jobPeak')).padStart(9)}   (VmHWM reset before the job; runs: ${all('jobPeak', mb)}; sampled every ${SAMPLE_MS} ms: ${mb(m('sampledPeak'))})`);
console.log(`  peak RSS of the process (VmHWM)    ${mb(peak).padStart(9)}   (runs: ${all('processPeak', mb)})  ${peak < TARGET_BYTES ? 'meets' : 'MISSES'} the 150 MB target`);
console.log(`  job duration_ms (record)           ${(m('duration') / 1000).toFixed(2).padStart(7)} s   (runs: ${all('duration', (v) => `${(v / 1000).toFixed(2)} s`)}); tool call wall ${(m('wall') / 1000).toFixed(2)} s`);
console.log(`  docker run --rm ... > file (CLI)   ${(m('wall', d) / 1000).toFixed(2).padStart(7)} s   (runs: ${all('wall', (v) => `${(v / 1000).toFixed(2)} s`, d)}); orcaops tool call / CLI: ${(m('wall') / m('wall', d)).toFixed(2)}x`);
const okLogs = o.every((r) => r.logBytes === BYTES) && d.every((r) => r.logBytes === BYTES);
console.log(`  stdout.log sizes: orcaops ${all('logBytes', String)}; CLI ${all('logBytes', String, d)}  ${okLogs ? `all exactly ${BYTES}` : 'MISMATCH'}`);
const floodPeak = median(f.map((r) => r.peak));
console.log(`  flood: ${FLOOD_JOBS} jobs x 100 steps x 8 KiB random bytes per stream, polled: peak RSS ${mb(floodPeak)} (runs: ${f.map((r) => mb(r.peak)).join(', ')}) ${floodPeak < TARGET_BYTES ? 'meets' : 'MISSES'} the 150 MB target; largest reply ${(Math.max(...f.map((r) => r.largestReply)) / 1024).toFixed(1)} KiB; statuses ${f.map((r) => r.statuses.join('/')).join(', ')}`);
console.log(`  cleanup: ${leftovers} leftover container(s) with ${BENCH_LABEL}=${runId} removed`);
if (!okLogs) process.exitCode = 1;
