#!/usr/bin/env node
// First orcaops_system_info of a process: spawn -> connect (initialize) -> the first tools/call answered, over the
// MCP SDK's stdio client, interleaved with a minimal SDK server answering its first tool call.
//   warm cache:  one ORCAOPS_HOME reused, as a user's is: the compose CLI found by an earlier process is read from
//                $ORCAOPS_HOME/cache/compose-cli.json (the fix).
//   cold cache:  a fresh ORCAOPS_HOME per spawn: the CLI is probed (`docker compose version`, then
//                `docker-compose version`, ~0.65 s with v1), as every process did before the fix.
// Usage: node bench/system-info-first-call.mjs [runs=11]   (build first: npm run build; needs a Docker engine)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const runs = Number(process.argv[2] ?? 11);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'orcaops-bench-sysinfo-'));
const sharedHome = join(root, 'home');
const ORCAOPS = here('../apps/mcp/bin/orcaops-mcp.js');
const variants = {
  'orcaops-mcp, warm cache': { args: [ORCAOPS], tool: 'orcaops_system_info', args_: {}, freshHome: false },
  'orcaops-mcp, cold cache': { args: [ORCAOPS], tool: 'orcaops_system_info', args_: {}, freshHome: true },
  'minimal SDK server': { args: [here('./minimal-mcp-server.mjs')], tool: 'echo', args_: { text: 'hi' }, freshHome: false },
};
const BASELINE = 'minimal SDK server';
const callSamples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));

async function firstCall({ args, tool, args_, freshHome }) {
  const home = freshHome ? mkdtempSync(join(root, 'fresh-')) : sharedHome;
  const started = process.hrtime.bigint();
  const transport = new StdioClientTransport({ command: process.execPath, args, env: { ...process.env, ORCAOPS_HOME: home, ORCAOPS_LOG_LEVEL: 'warn' }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  try {
    await client.connect(transport);
    const sent = process.hrtime.bigint();
    const result = await client.callTool({ name: tool, arguments: args_ });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // The call alone: from the request to its answer, which includes waiting for the plugins to finish loading.
    callSamples[tool === 'echo' ? BASELINE : freshHome ? 'orcaops-mcp, cold cache' : 'orcaops-mcp, warm cache']?.push(Number(process.hrtime.bigint() - sent) / 1e6);
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
    const data = result.structuredContent ?? {};
    if (tool === 'orcaops_system_info' && !data.compose?.available) throw new Error(`compose not found: ${JSON.stringify(data.compose)}`);
    return ms;
  } finally {
    await client.close().catch(() => undefined);
    if (freshHome) rmSync(home, { recursive: true, force: true });
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const variant of Object.values(variants)) await firstCall(variant); // OS file cache, and the shared home's caches
  for (const list of Object.values(callSamples)) list.length = 0;
  for (let run = 0; run < runs; run++) {
    const names = Object.keys(variants);
    for (const name of names.map((_, i) => names[(i + run) % names.length])) samples[name].push(await firstCall(variants[name]));
  }
  const baseline = median(samples[BASELINE]);
  const cold = median(samples['orcaops-mcp, cold cache']);
  console.log(`first tool call, spawn -> initialize -> tools/call answered, median of ${runs} interleaved runs, node ${process.version}`);
  for (const name of Object.keys(variants)) {
    const ms = median(samples[name]);
    const ratios = name === BASELINE ? '' : `  ${(ms / baseline).toFixed(2)}x baseline${name.includes('warm') ? `, ${(ms / cold).toFixed(2)}x cold` : ''}`;
    console.log(`  ${name.padEnd(26)} ${ms.toFixed(1).padStart(7)} ms  (min ${Math.min(...samples[name]).toFixed(1)}, max ${Math.max(...samples[name]).toFixed(1)})${ratios}; the call alone ${median(callSamples[name]).toFixed(1)} ms`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
