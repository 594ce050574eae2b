#!/usr/bin/env node
// Sandbox start/stop: `orcaops_start_sandbox` (wait=healthy) and `orcaops_stop_sandbox` (volumes) through one
// long-lived orcaops-mcp, versus what a user would script by hand on the same compose file: the compose CLI's
// `up --detach`, then polling `docker ps` every 0.5 s until every service is healthy, and `down --volumes`.
// The web-dev template with the local stand-in image for all three services; interleaved runs, medians, ratios.
// Usage: node bench/sandbox-start.mjs [runs=5]   (build first: npm run build; engine: bash tools/test-engine/up.sh)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnExit, docker, fmt, median, newRunId, preflight, rmHome, run, runCount, startServer } from './job-bench-common.mjs';

const runs = runCount(5);
const SERVICE_IMAGE = 'orcaops-test/service:latest';
const runId = newRunId('sbx');
await preflight();

const compose = (() => {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
})();

const server = await startServer();
const name = runId;
const directory = join(server.home, 'sandboxes', name);
const baselineProject = `${name}-cli`;
// The sandbox's compose project carries the home's id; known once it is created.
let sandboxProject = name;
const cleanup = cleanupOnExit(async () => {
  for (const project of [sandboxProject, baselineProject]) {
    await run(compose[0], [...compose.slice(1), '--project-name', project, '--project-directory', directory, 'down', '--volumes', '--timeout', '1']).catch(() => undefined);
  }
  await server.close();
  rmHome(server.home);
});

const images = { proxy: SERVICE_IMAGE, frontend: SERVICE_IMAGE, db: SERVICE_IMAGE };
sandboxProject = (await server.call('orcaops_create_sandbox', { template: 'web-dev', name, directory, images, ports: { proxy: 0, frontend: 0, db: 0 } })).sandbox.project;

async function orcaops() {
  let started = performance.now();
  const view = await server.call('orcaops_start_sandbox', { name });
  const start = performance.now() - started;
  if (view.status !== 'running') throw new Error(`unexpected state ${view.status}`);
  started = performance.now();
  await server.call('orcaops_stop_sandbox', { name, volumes: true, timeout: 10 });
  return { start, stop: performance.now() - started };
}

async function byHand() {
  const base = [...compose.slice(1), '--project-name', baselineProject, '--project-directory', directory, '--file', join(directory, 'docker-compose.yml')];
  let started = performance.now();
  await run(compose[0], [...base, 'up', '--detach']);
  for (;;) {
    const statuses = (await docker(['ps', '--filter', `label=com.docker.compose.project=${baselineProject}`, '--format', '{{.Status}}'])).trim().split('\n').filter(Boolean);
    if (statuses.length === 3 && statuses.every((status) => status.includes('(healthy)'))) break;
    await sleep(500);
  }
  const start = performance.now() - started;
  started = performance.now();
  await run(compose[0], [...base, 'down', '--volumes', '--timeout', '10']);
  return { start, stop: performance.now() - started };
}

const results = { orcaops: [], byHand: [] };
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so neither always runs on a machine the other just warmed up.
  const order = i % 2 === 0 ? ['orcaops', 'byHand'] : ['byHand', 'orcaops'];
  for (const which of order) results[which].push(which === 'orcaops' ? await orcaops() : await byHand());
}

const row = (label, key) => {
  const ours = median(results.orcaops.map((r) => r[key]));
  const theirs = median(results.byHand.map((r) => r[key]));
  console.log(`${label.padEnd(8)} orcaops ${fmt(ours, 0).padStart(9)}   by hand ${fmt(theirs, 0).padStart(9)}   ratio ${(ours / theirs).toFixed(2)}x`);
};
console.log(`sandbox web-dev (3 services, stand-in image), ${compose.join(' ')}, ${runs} interleaved runs, medians:`);
row('start', 'start');
row('stop', 'stop');
await cleanup();
