#!/usr/bin/env node
// Cold start, measured where the user waits: spawn -> initialize -> tools/list -> the first answered tools/call of
// a tool that needs no engine, for orcaops-mcp (first start: empty ORCAOPS_HOME; warm: the previous start's
// caches) and for a minimal MCP server on the same SDK calling its one trivial tool, interleaved in one run so
// that machine noise hits all alike. Reports medians and their ratio to the baseline.
// Usage: node bench/cold-start.mjs [runs=15] [orcaops-mcp bins, comma-separated=apps/mcp/bin/orcaops-mcp.js]
//        `npm run bench` stages the bundled package (tools/release) and measures it beside the unbundled build.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const bins = (process.argv[3] ?? here('../apps/mcp/bin/orcaops-mcp.js')).split(',').map((bin) => resolve(bin));
const home = mkdtempSync(join(tmpdir(), 'orcaops-bench-'));
const BASELINE = 'minimal SDK server';
const servers = { [BASELINE]: { args: [here('./minimal-mcp-server.mjs')], freshHome: false, call: { name: 'echo', arguments: { text: 'hi' } } } };
const orcaopsCall = { name: 'orcaops_list_templates', arguments: {} };
for (const [index, bin] of bins.entries()) {
  const label = bins.length > 1 ? `orcaops-mcp #${index + 1}` : 'orcaops-mcp';
  // "warm" keeps one ORCAOPS_HOME per binary (the tool list and compose probe cached by the previous start);
  // "first start" gets an empty ORCAOPS_HOME every time.
  servers[`${label} (warm)`] = { args: [bin], home: mkdtempSync(join(home, 'warm-')), call: orcaopsCall };
  servers[`${label} (first start)`] = { args: [bin], freshHome: true, call: orcaopsCall };
}

function coldStart({ args, freshHome, home: warmHome, call }) {
  const orcaopsHome = freshHome ? mkdtempSync(join(home, 'fresh-')) : (warmHome ?? home);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, args, { env: { ...process.env, ORCAOPS_HOME: orcaopsHome, ORCAOPS_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'ignore'] });
    const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
    let listed = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.id === 1) {
        send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      } else if (message.id === 2) {
        listed = elapsed();
        if (!message.result?.tools?.some((tool) => tool.name === call.name)) reject(new Error(`${call.name} not listed: ${line.slice(0, 300)}`));
        send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: call });
      } else if (message.id === 3) {
        const called = elapsed();
        if (message.result?.isError !== false && message.result?.isError !== undefined) reject(new Error(`${call.name} failed: ${line.slice(0, 300)}`));
        if (!message.result) reject(new Error(`${call.name} failed: ${line.slice(0, 300)}`));
        child.kill();
        resolve({ listed, called });
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
for (const server of Object.values(servers)) await coldStart(server); // warm the OS file cache and the warm homes
for (let run = 0; run < runs; run++) {
  const names = Object.keys(servers);
  const order = names.map((_, i) => names[(i + run) % names.length]);
  for (const name of order) samples[name].push(await coldStart(servers[name]));
}
rmSync(home, { recursive: true, force: true });

const stat = (name, key) => median(samples[name].map((sample) => sample[key]));
console.log(`cold start, spawn -> initialize -> tools/list -> first tools/call answered, median of ${runs} interleaved runs, node ${process.version}`);
for (const name of Object.keys(servers)) {
  const called = stat(name, 'called');
  const target = name.endsWith('(warm)') ? 1.1 : 1.2;
  const ratio = name === BASELINE ? '' : `  ${(called / stat(BASELINE, 'called')).toFixed(2)}x baseline (target <= ${target}x); tools/list ${(stat(name, 'listed') / stat(BASELINE, 'listed')).toFixed(2)}x`;
  console.log(`  ${name.padEnd(32)} first call ${called.toFixed(1).padStart(6)} ms, tools/list ${stat(name, 'listed').toFixed(1).padStart(6)} ms${ratio}`);
}
