#!/usr/bin/env node
// Cold start: spawn -> initialize -> first tools/list response, for orcaops-mcp and for a minimal MCP server on
// the same SDK, interleaved in one run so that machine noise hits both alike. Reports medians and their ratio.
// Usage: node bench/cold-start.mjs [runs=15]   (build first: npm run build)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'orcaops-bench-'));
// "warm" reuses one ORCAOPS_HOME, so the tool list cached by the previous start is served while plugins load;
// "first start" gets an empty ORCAOPS_HOME every time, so tools/list waits for the plugins.
const servers = {
  'orcaops-mcp (warm)': { args: [here('../apps/mcp/bin/orcaops-mcp.js')], freshHome: false },
  'orcaops-mcp (first start)': { args: [here('../apps/mcp/bin/orcaops-mcp.js')], freshHome: true },
  'minimal SDK server': { args: [here('./minimal-mcp-server.mjs')], freshHome: false },
};
const BASELINE = 'minimal SDK server';

function coldStart({ args, freshHome }) {
  const orcaopsHome = freshHome ? mkdtempSync(join(home, 'fresh-')) : home;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ORCAOPS_HOME: orcaopsHome, ORCAOPS_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'ignore'] });
    const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.id === 1) {
        send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      } else if (message.id === 2) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (!message.result?.tools?.length) reject(new Error(`no tools listed: ${line}`));
        child.kill();
        resolve(ms);
      }
    });
    child.on('error', reject);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const samples = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
for (const server of Object.values(servers)) await coldStart(server); // warm the OS file cache and the tool-list cache
for (let run = 0; run < runs; run++) {
  const names = Object.keys(servers);
  const order = names.map((_, i) => names[(i + run) % names.length]);
  for (const name of order) samples[name].push(await coldStart(servers[name]));
}
rmSync(home, { recursive: true, force: true });

const baseline = median(samples[BASELINE]);
console.log(`cold start, spawn -> initialize -> tools/list, median of ${runs} interleaved runs, node ${process.version}`);
for (const name of Object.keys(servers)) {
  const ms = median(samples[name]);
  const ratio = name === BASELINE ? '' : `  ${(ms / baseline).toFixed(2)}x baseline (target <= 1.5x)`;
  console.log(`  ${name.padEnd(26)} ${ms.toFixed(1).padStart(6)} ms  (min ${Math.min(...samples[name]).toFixed(1)}, max ${Math.max(...samples[name]).toFixed(1)})${ratio}`);
}
