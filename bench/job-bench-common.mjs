// Shared helpers for the job benchmarks (job-overhead, job-throughput, job-memory): a real orcaops-mcp over stdio
// with a fresh ORCAOPS_HOME, the Docker CLI, Docker events for phase timings, medians, and cleanup by label.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const IMAGE = 'orcaops-test/busybox:latest';
export const BENCH_LABEL = 'org.orcaops.bench';
export const SERVER_BIN = fileURLToPath(new URL('../apps/mcp/bin/orcaops-mcp.js', import.meta.url));

/** A run id for labels and temp dirs; every container a benchmark creates carries `org.orcaops.bench=<runId>`. */
export const newRunId = (name) => `${name}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const fmt = (ms, digits = 1) => `${ms.toFixed(digits)} ms`;
export const nowMs = () => performance.timeOrigin + performance.now();

/** Parses the optional run-count argument. */
export function runCount(fallback) {
  const runs = Number(process.argv[2] ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`usage: node ${process.argv[1]} [runs=${fallback}]`);
    process.exit(2);
  }
  return runs;
}

/** Runs a command, resolving with stdout; rejects with stderr on a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}
export const docker = (args) => run('docker', args);

/** Fails early with a hint when the engine or the image is missing, or the server was not built. */
export async function preflight() {
  try {
    readFileSync(join(SERVER_BIN, '../../dist/main.js'));
  } catch {
    throw new Error('apps/mcp is not built: run `npm run build` first');
  }
  try {
    await docker(['image', 'inspect', IMAGE]);
  } catch {
    throw new Error(`no Docker engine or no ${IMAGE}: run \`bash tools/test-engine/up.sh\` first`);
  }
}

/**
 * Starts orcaops-mcp over stdio with a fresh ORCAOPS_HOME (or the one given) and connects an MCP client.
 * Returns { client, transport, pid, home, call(name, args), close() }.
 */
export async function startServer({ home = mkdtempSync(join(tmpdir(), 'orcaops-bench-home-')), env = {} } = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_BIN],
    env: { ...process.env, ORCAOPS_HOME: home, ORCAOPS_LOG_LEVEL: 'warn', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  const client = new Client({ name: 'orcaops-bench', version: '1' });
  await client.connect(transport);
  transport.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const pid = transport.pid;
  if (!pid) throw new Error('StdioClientTransport has no pid (SDK too old)');
  /** Calls a tool; returns its structuredContent, throws on isError. */
  const call = async (name, args, timeoutMs = 600_000) => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
    if (result.isError) throw new Error(`${name} failed: ${result.content?.map((c) => c.text).join(' ')}`);
    return result.structuredContent ?? JSON.parse(result.content[0].text);
  };
  const close = async () => {
    await client.close().catch(() => undefined);
  };
  return { client, transport, pid, home, call, close, stderr: () => stderr };
}

/** Reads fields (kB) from /proc/<pid>/status, as bytes. */
export function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}
export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Follows `docker events` for containers with the bench label; `events.get(containerId)` is a map from action
 * (create, start, die, destroy) to epoch ms. Call `stop()` at the end.
 */
export function followContainerEvents(runId) {
  const events = new Map();
  const child = spawn('docker', ['events', '--filter', `label=${BENCH_LABEL}=${runId}`, '--filter', 'type=container', '--format', '{{json .}}'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      const event = JSON.parse(line);
      const id = event.id ?? event.Actor?.ID;
      const action = String(event.Action ?? event.status).split(':')[0];
      if (!events.has(id)) events.set(id, {});
      events.get(id)[action] ??= Number(BigInt(event.timeNano) / 1000n) / 1000;
    } catch {
      // not an event line
    }
  });
  return {
    events,
    /** Resolves once an event with this action has been seen for `id` (or after timeoutMs). */
    async waitFor(id, action, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (!events.get(id)?.[action] && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      return events.get(id)?.[action];
    },
    /** `docker events` needs a moment to subscribe; a throwaway container proves it is listening. */
    async ready() {
      const id = (await docker(['create', '--label', `${BENCH_LABEL}=${runId}`, IMAGE, 'true'])).trim();
      await docker(['rm', id]);
      if (!(await this.waitFor(id, 'destroy', 10_000))) throw new Error('docker events did not report a test container');
    },
    stop: () => child.kill(),
  };
}

/** Removes every container (any state) carrying this run's bench label; returns how many were left over. */
export async function removeLeftovers(runId) {
  const ids = (await docker(['ps', '-aq', '--filter', `label=${BENCH_LABEL}=${runId}`])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', '-v', ...ids]).catch(() => undefined);
  return ids.length;
}

/** Cleanup that also runs on Ctrl-C: stops the server, removes the temp home and the labelled containers. */
export function cleanupOnExit(cleanup) {
  let done = null;
  const once = () => (done ??= cleanup());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      once().finally(() => process.exit(130));
    });
  }
  return once;
}

export const rmHome = (home) => rmSync(home, { recursive: true, force: true });

/** Stops a bench server, removes its home and the engine resources labelled with the run id. */
export async function closeServer(server, runId) {
  await server.close();
  rmHome(server.home);
  return removeLeftovers(runId);
}
export const FINAL = new Set(['success', 'failed', 'timed_out', 'cancelled']);
