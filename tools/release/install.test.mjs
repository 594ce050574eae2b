// The user's path (issue "Installable OrcaOps"): pack the packages, install the `orcaops` tarball globally into an
// empty prefix with a fresh npm cache and HOME (no workspace, no clone on the path, @orcaops/plugin-api fetched
// from a registry as a published install would), then use what got installed: orcaops-mcp over stdio with the
// SDK's client (tools, a job on the test image), `orcaops doctor`, `orcaops tui` in tmux, and orcaops-mcp on Node 22;
// and the README's client setup as written, `claude mcp add orcaops -- npx -y orcaops mcp`, through Claude Code's
// own CLI (npx given the tarball instead of the name, which is not published yet).
// Run: node --test tools/release/install.test.mjs   (after npx nx run-many -t build, with the test engine up)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { packOrcaops } from './pack.mjs';
import { startScopeRegistry } from './scope-registry.mjs';

const TEST_IMAGE = 'orcaops-test/busybox:latest';
/** Claude Code's CLI, the client the README's setup line is for (reference/ecosystem.md: its `mcp get` connects and fetches tools). */
const CLAUDE_CODE_VERSION = '2.1.332';
const temp = mkdtempSync(join(tmpdir(), 'orcaops-install-'));
const prefix = join(temp, 'prefix');
const userHome = join(temp, 'home');
const orcaopsHome = join(temp, 'orcaops-home');
const packageDir = join(prefix, 'lib', 'node_modules', 'orcaops');
const bin = (name) => join(prefix, 'bin', name);
// Nothing of the workspace may leak into the installed commands: a clean environment, run from an empty folder.
// What the machine needs to reach the npm registry (its CA settings, proxies, the global npmrc, which a temporary
// --prefix would otherwise move) is kept, as a user's own machine keeps it.
const machineNetwork = Object.fromEntries(Object.entries(process.env).filter(([key]) => /CERT|_CA_|CA_BUNDLE|proxy/i.test(key)));
const globalNpmrc = execFileSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).trim();
const userEnv = {
  PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
  HOME: userHome,
  ORCAOPS_HOME: orcaopsHome,
  npm_config_globalconfig: globalNpmrc,
  ...machineNetwork,
  ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
};
const workDir = join(temp, 'work');

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: workDir, env: userEnv, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function connect(nodeBinary = process.execPath) {
  const client = new Client({ name: 'install-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: nodeBinary, args: [join(packageDir, 'bin', 'orcaops-mcp.js')], env: userEnv, cwd: workDir, stderr: 'ignore' }));
  return client;
}

const structured = (result) => {
  assert.equal(result.isError ?? false, false, JSON.stringify(result.content).slice(0, 500));
  return result.structuredContent;
};

describe('orcaops installed from its tarball', { timeout: 600_000 }, () => {
  let packed;
  let registry;
  before(async () => {
    for (const dir of [userHome, orcaopsHome, workDir]) mkdirSync(dir, { recursive: true });
    packed = await packOrcaops(join(temp, 'packs'));
    registry = await startScopeRegistry([packed.pluginApi.tarball]);
    // The user's own npm settings: the @orcaops scope from the loopback registry, as it will come from npm.
    writeFileSync(join(userHome, '.npmrc'), `@orcaops:registry=${registry.url}\ncache=${join(temp, 'npm-cache')}\nupdate-notifier=false\n`);
    const started = Date.now();
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', packed.orcaops.tarball]);
    assert.equal(install.code, 0, install.stderr);
    const size = execFileSync('du', ['-sk', packageDir], { encoding: 'utf8' }).split('\t')[0];
    console.log(`# orcaops ${packed.version}: tarball ${(packed.orcaops.size / 1024).toFixed(0)} KiB, installed ${(Number(size) / 1024).toFixed(1)} MiB with its dependencies, install ${((Date.now() - started) / 1000).toFixed(1)} s (fresh cache)`);
  });
  after(async () => {
    await registry?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('packs only what runs: bins, bundle with source maps, template, docs; no specs, fixtures or sources', () => {
    const files = packed.orcaops.files;
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/orcaops.js', 'bin/orcaops-mcp.js', 'dist/orcaops.js', 'dist/orcaops-mcp.js', 'dist/orcaops-mcp.js.map']) {
      assert.ok(files.includes(file), `${file} is in the package`);
    }
    assert.ok(files.some((file) => file.startsWith('templates/plugin/')), 'the plugin template is in the package');
    assert.deepEqual(files.filter((file) => /spec|fixture|\.ts$|tsbuildinfo/.test(file) && !file.endsWith('.d.ts') && !file.startsWith('templates/')), []);
    const sdk = packed.pluginApi.files;
    assert.ok(sdk.includes('dist/index.d.ts') && sdk.includes('dist/testing/index.js') && sdk.includes('LICENSE'));
    assert.deepEqual(sdk.filter((file) => /spec|fixture|tsbuildinfo/.test(file)), []);
  });

  it('installs both commands, and its dependencies are only what cannot be bundled', async () => {
    assert.ok(existsSync(bin('orcaops')) && existsSync(bin('orcaops-mcp')));
    const version = await run(bin('orcaops-mcp'), ['--version']);
    assert.equal(version.stderr.trim(), `orcaops-mcp ${packed.version}`);
    const manifest = JSON.parse(execFileSync('cat', [join(packageDir, 'package.json')], { encoding: 'utf8' }));
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['@orcaops/plugin-api', 'dockerode', 'zod']);
    assert.equal(manifest.mcpName, 'io.github.orcaops/orcaops');
    assert.ok(existsSync(join(packageDir, 'node_modules', '@orcaops', 'plugin-api', 'dist', 'index.js')), 'the SDK came from the registry');
  });

  it('serves every tool over stdio and runs a job on the test image', async () => {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.length >= 29, `${tools.length} tools`);
      for (const name of ['orcaops_run_job', 'orcaops_list_templates', 'orcaops_system_info', 'orcaops_start_sandbox']) assert.ok(tools.some((tool) => tool.name === name), name);
      const job = structured(await client.callTool({ name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: ['echo installed-from-npm', 'uname -s'], timeout: 60 } }));
      assert.equal(job.status, 'success', JSON.stringify(job).slice(0, 800));
      const logs = structured(await client.callTool({ name: 'orcaops_get_job_logs', arguments: { job_id: job.job_id } }));
      assert.match(JSON.stringify(logs), /installed-from-npm/);
    } finally {
      await client.close();
    }
  });

  it('orcaops doctor finds the engine and the built-in plugins, and exits by its findings', async () => {
    const result = await run(bin('orcaops'), ['doctor', '--json']);
    const report = JSON.parse(result.stdout);
    const byId = Object.fromEntries(report.findings.map((finding) => [finding.id, finding]));
    assert.equal(byId['docker.engine'].status, 'ok', byId['docker.engine'].detail);
    assert.equal(byId['plugins'].status, 'ok', byId['plugins'].detail);
    assert.match(byId['plugins'].detail, /5 plugins loaded/);
    assert.equal(byId['home.writable'].status, 'ok');
    assert.equal(result.code, report.summary.problem > 0 ? 1 : 0, result.stdout);
    const text = await run(bin('orcaops'), ['doctor']);
    assert.match(text.stdout, new RegExp(`^OrcaOps doctor \\(OrcaOps ${packed.version.replace(/\./g, '\\.')}, ORCAOPS_HOME `));
  });

  it('orcaops serve from the install answers REST, OpenAPI and MCP over HTTP', async () => {
    const server = spawn(bin('orcaops'), ['serve', '--port', '0', '--no-auth'], { cwd: workDir, env: userEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        server.on('exit', (code) => reject(new Error(`orcaops serve exited with ${code}`)));
      });
      const templates = await (await fetch(`${url}/v1/templates`)).json();
      assert.ok(templates.templates.some((template) => template.id === 'web-dev'));
      const document = await (await fetch(`${url}/openapi.json`)).json();
      assert.match(document.openapi, /^3\.1\./);
      const initialize = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'install-test', version: '1' } } }),
      });
      assert.equal(initialize.status, 200);
      assert.ok(initialize.headers.get('mcp-session-id'));
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('connects in Claude Code as the README sets it up: claude mcp add orcaops -- npx -y orcaops mcp', async () => {
    const claudeDir = join(temp, 'claude-code');
    const installed = await run('npm', ['install', '--prefix', claudeDir, '--no-audit', '--no-fund', `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`]);
    assert.equal(installed.code, 0, installed.stderr);
    const claude = join(claudeDir, 'node_modules', '.bin', 'claude');
    // `npx -y orcaops mcp` runs the bin named like the package, i.e. `npx -y -p orcaops orcaops mcp`; the tarball
    // stands in for the name. npx installs it into a folder of its own, as on a user's first run (the packages it
    // needs are in the npm cache already, from the global install above).
    const added = await run(claude, ['mcp', 'add', 'orcaops', '--', 'npx', '-y', '-p', packed.orcaops.tarball, 'orcaops', 'mcp']);
    assert.equal(added.code, 0, added.stderr + added.stdout);
    // A first npx install with an empty cache takes about 15 s here; Claude Code's connect timeout is raised so that a
    // slow machine is not a failure.
    const status = await run(claude, ['mcp', 'get', 'orcaops'], { timeout: 240_000, env: { ...userEnv, MCP_TIMEOUT: '180000' } });
    assert.match(status.stdout, /Status: ✔ Connected/, status.stdout + status.stderr);
  });

  it('shows the terminal UI in a real terminal (tmux): the dashboard, then the tool list, and quits with q', { skip: spawnSync('tmux', ['-V']).status !== 0 && process.env.CI !== 'true' }, async () => {
    const socket = `orcaops-install-${process.pid}`;
    const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const env = Object.entries(userEnv).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ');
    // Ink draws only the final frame when it believes it runs in CI.
    tmux('new-session', '-d', '-s', 'tui', '-x', '100', '-y', '30', '-c', workDir, `env -i ${env} TERM=xterm-256color orcaops tui; echo "EXIT_CODE=$?"; sleep 30`);
    try {
      const screen = async (check, what) => {
        let text = '';
        for (let attempt = 0; attempt < 200; attempt++) {
          text = tmux('capture-pane', '-p', '-t', 'tui');
          if (check(text)) return text;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`${what} never appeared:\n${text}`);
      };
      // It opens on the dashboard; t goes to the tool list.
      const first = await screen((text) => text.includes('? help · t tools'), 'the dashboard');
      assert.match(first, new RegExp(`^OrcaOps ${packed.version.replace(/\./g, '\\.')} · \\d+ tools`, 'm'));
      tmux('send-keys', '-t', 'tui', 't');
      await screen((text) => text.includes('› System information'), 'the tool list');
      tmux('send-keys', '-t', 'tui', 'q');
      await screen((text) => text.includes('EXIT_CODE=0'), 'a clean exit');
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    }
  });

  it('runs the installed server under Node 22', async () => {
    const nodeDir = join(temp, 'node22');
    const installed = await run('npm', ['install', '--prefix', nodeDir, '--no-audit', '--no-fund', 'node@22']);
    assert.equal(installed.code, 0, installed.stderr);
    const node22 = join(nodeDir, 'node_modules', '.bin', 'node');
    assert.match(execFileSync(node22, ['--version'], { encoding: 'utf8' }), /^v22\./);
    const client = await connect(node22);
    try {
      assert.ok((await client.listTools()).tools.length >= 29);
      const templates = structured(await client.callTool({ name: 'orcaops_list_templates', arguments: {} }));
      assert.ok(templates.templates.some((template) => template.id === 'web-dev'), JSON.stringify(templates).slice(0, 300));
    } finally {
      await client.close();
    }
  });
});
