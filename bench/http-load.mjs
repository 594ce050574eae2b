#!/usr/bin/env node
// HTTP host under load: autocannon (loopback, keep-alive, no pipelining) against a spawned `orcaops serve` with a
// fresh ORCAOPS_HOME and API keys (a read key for the read-only call, a run key for job submissions; the rate
// limits are raised in its config so that they do not shape the result). Measured, each after a warm-up:
//   1. a minimal node:http server answering the same JSON body as GET /v1/templates (the baseline, own process)
//   2. GET /healthz on orcaops serve (Host check and routing only: no key, no tool, no audit line)
//   3. GET /v1/templates with a read key (orcaops_list_templates: auth, rate limit, tool call, audit log)
//   4. POST /v1/jobs with a run key at a moderate fixed rate (`true` in the test image, labelled), then waits for
//      every job to finish; the containers carry org.orcaops.bench=<run id> and are removed at the end
// and the server's peak RSS (VmHWM) at the end. Goal (issue 12): >= 2,000 read-only calls/s at p99 < 50 ms.
// Usage: node bench/http-load.mjs [--duration 10] [--connections 50] [--warmup 3] [--job-rate 5] [--cpu-prof DIR]
//        (build first: npm run build; engine and image: bash tools/test-engine/up.sh)
// --cpu-prof DIR runs the server under `node --cpu-prof` and prints where its CPU time went.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BENCH_LABEL, FINAL, IMAGE, cleanupOnExit, docker, mb, newRunId, procStatus, removeLeftovers, rmHome } from './job-bench-common.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    'job-rate': { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
  },
});
const DURATION = Number(options.duration);
const CONNECTIONS = Number(options.connections);
const WARMUP = Number(options.warmup);
const JOB_RATE = Number(options['job-rate']);
const PROFILE_DIR = options['cpu-prof'] ? resolve(options['cpu-prof']) : null;
const CLI_BIN = fileURLToPath(new URL('../apps/cli/bin/orcaops.js', import.meta.url));

if (!existsSync(fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url)))) throw new Error('apps/cli is not built: run `npm run build` first');
try {
  await docker(['image', 'inspect', IMAGE]);
} catch {
  throw new Error(`no Docker engine or no ${IMAGE}: run \`bash tools/test-engine/up.sh\` first`);
}

const runId = newRunId('http-load');
const home = mkdtempSync(join(tmpdir(), 'orcaops-bench-http-'));
const configFile = join(home, 'orcaops.config.json');
// The default limits (600 calls a minute per key, 1200 per address) would answer 429 within a second.
writeFileSync(configFile, JSON.stringify({ http: { rateLimit: { perKey: 1_000_000_000, perAddress: 1_000_000_000 } } }));
const env = { ...process.env, ORCAOPS_HOME: home, ORCAOPS_LOG_LEVEL: 'warn' };

const createKey = (scope) =>
  new Promise((done, fail) =>
    execFile(process.execPath, [CLI_BIN, 'keys', 'create', '--name', `bench-${scope}`, '--scope', scope], { env, cwd: home }, (error, stdout, stderr) =>
      error ? fail(new Error(`orcaops keys create: ${stderr || error.message}`)) : done(stdout.trim().split('\n')[0]),
    ),
  );
let readKey;
let runKey;
try {
  [readKey, runKey] = [await createKey('read'), await createKey('run')];
} catch (error) {
  rmHome(home);
  throw error;
}

/** Spawns a server process and resolves with its first stdout line (its URL). */
async function spawnServer(args, label) {
  const child = spawn(process.execPath, args, { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
  const url = await new Promise((done, fail) => {
    createInterface({ input: child.stdout }).once('line', (line) => done(line.trim()));
    child.once('exit', (code) => fail(new Error(`${label} exited (${code}) before printing its URL\n${stderr}`)));
  });
  return { child, url, pid: child.pid };
}

async function stopServer(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const orcaops = await spawnServer([...profileArgs, CLI_BIN, 'serve', '--port', '0', '--config', configFile], 'orcaops serve').catch((error) => {
  rmHome(home);
  throw error;
});
let baseline = null;
const cleanup = cleanupOnExit(async () => {
  await Promise.all([stopServer(orcaops), stopServer(baseline)]);
  const left = await removeLeftovers(runId);
  rmHome(home);
  return left;
});

const readHeaders = { authorization: `Bearer ${readKey}` };
// The baseline answers the very bytes /v1/templates answers, so the ratio is what the host and the tool cost.
const BASELINE_SERVER = `
import { createServer } from 'node:http';
const body = Buffer.from(process.env.BENCH_BODY);
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

async function startBaseline() {
  const response = await fetch(`${orcaops.url}/v1/templates`, { headers: readHeaders });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET /v1/templates answered ${response.status}: ${body}`);
  env.BENCH_BODY = body;
  try {
    return await spawnServer(['--input-type=module', '-e', BASELINE_SERVER], 'baseline server');
  } finally {
    delete env.BENCH_BODY;
  }
}

/** One autocannon run; the caller reads errors and non-2xx from the result. */
function cannon(opts) {
  return autocannon({ connections: CONNECTIONS, pipelining: 1, ...opts });
}

async function measureRead(label, url, headers = {}) {
  await cannon({ url, headers, duration: WARMUP });
  const result = await cannon({ url, headers, duration: DURATION });
  return { label, result };
}

const rows = [];
let jobs = null;
let peak = null;
let leftovers = 0;
let idle = null;
try {
  baseline = await startBaseline();
  idle = procStatus(orcaops.pid);
  rows.push(await measureRead('minimal node:http, same JSON body (baseline)', `${baseline.url}/`));
  rows.push(await measureRead('orcaops GET /v1/templates, read key', `${orcaops.url}/v1/templates`, readHeaders));
  rows.push(await measureRead('orcaops GET /healthz (no key, no tool, no audit)', `${orcaops.url}/healthz`));
  jobs = await measureJobs();
  peak = procStatus(orcaops.pid);
} finally {
  leftovers = await cleanup();
}

/** Job submissions at JOB_RATE per second for DURATION seconds; then waits until each job is final. */
async function measureJobs() {
  const spec = JSON.stringify({ image: IMAGE, commands: ['true'], labels: { [BENCH_LABEL]: runId } });
  const ids = [];
  const refused = {};
  const submitHeaders = { authorization: `Bearer ${runKey}`, 'content-type': 'application/json' };
  const result = await cannon({
    url: `${orcaops.url}/v1/jobs`,
    connections: Math.max(1, Math.min(JOB_RATE, 10)),
    overallRate: JOB_RATE,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        headers: submitHeaders,
        body: spec,
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) return void ids.push(JSON.parse(body).job_id);
          const { error } = JSON.parse(body);
          refused[status] ??= { count: 0, code: error?.code, message: error?.message };
          refused[status].count++;
        },
      },
    ],
  });
  const submittedAt = performance.now();
  const statuses = new Map();
  const deadline = Date.now() + 10 * 60_000;
  while (statuses.size < ids.length && Date.now() < deadline) {
    for (const id of ids) {
      if (statuses.has(id)) continue;
      const answer = await fetch(`${orcaops.url}/v1/jobs/${id}`, { headers: submitHeaders }).then((response) => response.json());
      if (FINAL.has(answer.status)) statuses.set(id, answer.status);
    }
    if (statuses.size < ids.length) await new Promise((done) => setTimeout(done, 250));
  }
  const drainMs = performance.now() - submittedAt;
  const succeeded = [...statuses.values()].filter((status) => status === 'success').length;
  // The jobs plugin removes a job's container itself; how long after the last job was final is it still there?
  const labelled = async () => (await docker(['ps', '-aq', '--filter', `label=${BENCH_LABEL}=${runId}`])).split('\n').filter(Boolean).length;
  const atFinal = await labelled();
  const since = performance.now();
  let remaining = atFinal;
  while (remaining > 0 && performance.now() - since < 30_000) {
    await new Promise((done) => setTimeout(done, 250));
    remaining = await labelled();
  }
  const containers = { atFinal, remaining, goneAfterMs: remaining === 0 ? performance.now() - since : null };
  return { result, submitted: ids.length, refused, finished: statuses.size, succeeded, drainMs, containers };
}

const fmtRate = (value) => value.toFixed(0).padStart(8);
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`.padStart(9);
const rate = (result) => result.requests.total / result.duration;
const errorsOf = (result) => `${result.errors} err, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`;
const base = rate(rows[0].result);

console.log(`http load: autocannon 9, ${CONNECTIONS} connections, ${DURATION} s after a ${WARMUP} s warm-up, loopback, node ${process.version}, ${cpus().length} CPUs (autocannon shares them)`);
console.log(`| benchmark | req/s | p50 | p99 | max | errors | vs baseline |`);
console.log(`|---|---:|---:|---:|---:|---|---:|`);
for (const { label, result } of rows) {
  const ratio = result === rows[0].result ? '1.00x' : `${(rate(result) / base).toFixed(2)}x`;
  console.log(`| ${label} | ${fmtRate(rate(result))} | ${ms(result.latency.p50)} | ${ms(result.latency.p99)} | ${ms(result.latency.max)} | ${errorsOf(result)} | ${ratio} |`);
}
if (jobs) {
  const r = jobs.result;
  console.log(
    `| orcaops POST /v1/jobs, run key, ${JOB_RATE}/s target, ${r.connections} connections | ${fmtRate(rate(r))} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${errorsOf(r)} | - |`,
  );
  console.log(`jobs: ${jobs.submitted} accepted, ${jobs.finished} finished (${jobs.succeeded} success) ${(jobs.drainMs / 1000).toFixed(1)} s after the last submission`);
  for (const [status, { count, code, message }] of Object.entries(jobs.refused)) console.log(`jobs refused: ${count} x ${status} ${code}: ${message}`);
  const { atFinal, remaining, goneAfterMs } = jobs.containers;
  console.log(
    `job containers: ${atFinal} still present when the last job was final; ` +
      (remaining === 0 ? `all removed by the server ${(goneAfterMs / 1000).toFixed(1)} s later` : `${remaining} still there 30 s later (left by the server)`),
  );
}
const templates = rows[1].result;
const goal = rate(templates) >= 2000 && templates.latency.p99 < 50;
console.log(`goal >= 2,000 read-only calls/s at p99 < 50 ms: ${goal ? 'met' : 'NOT met'} (${rate(templates).toFixed(0)}/s, p99 ${templates.latency.p99} ms)`);
if (peak) console.log(`orcaops serve RSS: idle ${mb(idle.rss)}, peak (VmHWM) ${mb(peak.hwm)}`);
console.log(`cleanup: ${leftovers} leftover container(s) with ${BENCH_LABEL}=${runId} removed; ORCAOPS_HOME removed`);

if (PROFILE_DIR) summarizeProfile(PROFILE_DIR);

/**
 * The server's CPU profile (the whole run, warm-ups and the baseline's turn included): busy time by package or
 * project (self time), then OrcaOps's own functions by inclusive time (what each costs with everything it calls).
 */
function summarizeProfile(dir) {
  const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).map((name) => join(dir, name)).sort().at(-1);
  if (!file) return console.log(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const where = (node) => node.callFrame.url.replace(/^file:\/\//, '').replace(root, '');
  const label = (node) => `${node.callFrame.functionName || '(anonymous)'} ${where(node) ? `${where(node)}:${node.callFrame.lineNumber + 1}` : ''}`.trim();
  const ownerOf = (node) =>
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where(node))?.[1] ?? /^(libs|plugins|apps)\/[^/]+/.exec(where(node))?.[0] ?? (where(node).startsWith('node:') ? 'node core (js)' : node.callFrame.functionName || '(native)');
  const byOwner = new Map();
  const inclusive = new Map();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const leaf = byId.get(id);
    if (leaf.callFrame.functionName === '(idle)') return void (idle += micros);
    busy += micros;
    byOwner.set(ownerOf(leaf), (byOwner.get(ownerOf(leaf)) ?? 0) + micros);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!/^(libs|plugins|apps)\//.test(where(node)) || seen.has(label(node))) continue;
      seen.add(label(node));
      inclusive.set(label(node), (inclusive.get(label(node)) ?? 0) + micros);
    }
  });
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, micros]) => `  ${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${key}`);
  console.log(`\nserver CPU profile ${file}: ${(busy / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle; self time by owner (% of busy):`);
  console.log(top(byOwner, 15).join('\n'));
  console.log('OrcaOps functions by inclusive time (% of busy):');
  console.log(top(inclusive, 30).join('\n'));
}
