// `npm run release` end to end (on the built workspace): every artifact in one folder with its checksum, the
// server.json within the MCP registry's rules and pointing at the bundle it ships with, and the .mcpb checked by
// the official MCPB CLI, unpacked and started the way Claude Desktop starts it, running a job on the real engine.
// Run: node --test tools/release/release.test.mjs   (after npx nx run-many -t build, with the test engine up)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { checkAgainstPublishedSchema, registryProblems } from './registry-rules.mjs';
import { orcaopsManifest } from './stage-package.mjs';
import { ROOT, releaseVersion } from './workspace.mjs';

const temp = mkdtempSync(join(tmpdir(), 'orcaops-release-'));
const out = join(temp, 'release');
const version = releaseVersion();
const mcpb = (...args) => execFileSync(join(ROOT, 'node_modules/.bin/mcpb'), args, { encoding: 'utf8' });
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('npm run release', { timeout: 300_000 }, () => {
  let serverJson;
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'tools/release/release.mjs'), out, '--no-build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    serverJson = JSON.parse(readFileSync(join(out, 'server.json'), 'utf8'));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('writes the tarballs, the bundle, server.json and their checksums to one folder', () => {
    assert.deepEqual(readdirSync(out).sort(), ['SHA256SUMS', `orcaops-${version}.mcpb`, `orcaops-${version}.tgz`, `orcaops-plugin-api-${version}.tgz`, 'server.json'].sort());
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n');
    assert.equal(sums.length, 4);
    for (const line of sums) {
      const [sum, file] = line.split(/\s+/);
      assert.equal(sum, sha256(join(out, file)), file);
    }
  });

  it('server.json follows the registry rules and names the npm package and the bundle it ships with', () => {
    assert.deepEqual(registryProblems(serverJson), []);
    const pkg = orcaopsManifest();
    assert.equal(serverJson.name, pkg.mcpName, 'the registry name is the package.json mcpName');
    assert.equal(serverJson.version, version);
    const [npm, bundle] = serverJson.packages;
    assert.deepEqual([npm.registryType, npm.identifier, npm.version, npm.runtimeHint], ['npm', 'orcaops', version, 'npx']);
    assert.deepEqual(npm.packageArguments, [{ type: 'positional', value: 'mcp' }], 'npx -y orcaops mcp');
    assert.equal(bundle.registryType, 'mcpb');
    assert.ok(bundle.identifier.endsWith(`/orcaops-${version}.mcpb`));
    assert.equal(bundle.fileSha256, sha256(join(out, `orcaops-${version}.mcpb`)));
  });

  it('the registry rules refuse what the registry refuses', () => {
    const broken = (change) => registryProblems({ ...serverJson, ...change }).join('\n');
    assert.match(broken({ description: 'x'.repeat(101) }), /^description: /);
    assert.match(broken({ version: 'latest' }), /^version: must be one specific version/);
    assert.match(broken({ version: '^1.2.3' }), /^version: /);
    assert.match(broken({ version: '1.x' }), /^version: /);
    assert.match(broken({ name: 'io.github.orcaops/orcaops/extra' }), /^name: must be reverse-DNS/);
    assert.match(broken({ descripton: 'typo' }), /descripton/);
    const [npm, bundle] = serverJson.packages;
    const { fileSha256: _dropped, ...unhashed } = bundle;
    assert.match(broken({ packages: [npm, unhashed] }), /^packages\.1: an mcpb package needs fileSha256/);
    assert.match(broken({ packages: [{ ...npm, transport: { type: 'streamable-http' } }] }), /^packages\.0\.transport/);
  });

  it('validates against a published JSON Schema file when one is given (--registry-schema)', async () => {
    const schema = join(temp, 'schema.json');
    writeFileSync(schema, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 5, example: 'x' } } }));
    assert.deepEqual(await checkAgainstPublishedSchema({ name: 'ok' }, schema), []);
    assert.deepEqual(await checkAgainstPublishedSchema(serverJson, schema), ['/name: must NOT have more than 5 characters']);
  });

  it('the .mcpb passes the MCPB CLI, and runs as Claude Desktop starts it: tools as its manifest lists, a job on the engine', async () => {
    assert.match(mcpb('info', join(out, `orcaops-${version}.mcpb`)), /File: orcaops-/);
    const unpacked = join(temp, 'unpacked');
    mcpb('unpack', join(out, `orcaops-${version}.mcpb`), unpacked);
    assert.match(mcpb('validate', join(unpacked, 'manifest.json')), /passes/);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
    assert.equal(manifest.version, version);
    const { command, args, env } = manifest.server.mcp_config;
    // Claude Desktop runs `node` with ${__dirname} as the unpacked folder and each user_config value (default: empty).
    const expand = (text) => text.replaceAll('${__dirname}', unpacked).replace(/\$\{user_config\.(\w+)\}/g, (_, key) => String(manifest.user_config[key].default));
    const home = join(temp, 'desktop-home');
    mkdirSync(home);
    const desktopEnv = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, expand(value)]));
    assert.deepEqual(desktopEnv, { DOCKER_HOST: '', ORCAOPS_HOME: '' }, 'empty settings leave discovery and the default home to OrcaOps');
    if (process.env.DOCKER_HOST) desktopEnv.DOCKER_HOST = process.env.DOCKER_HOST;
    const client = new Client({ name: 'claude-desktop-like', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: command === 'node' ? process.execPath : command, args: args.map(expand), cwd: home, env: { PATH: process.env.PATH, HOME: home, ...desktopEnv }, stderr: 'ignore' }),
    );
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), manifest.tools.map((tool) => tool.name).sort());
      const result = await client.callTool({ name: 'orcaops_run_job', arguments: { image: 'orcaops-test/busybox:latest', commands: ['echo from-the-bundle'], timeout: 60 } });
      assert.equal(result.isError ?? false, false, JSON.stringify(result.content).slice(0, 500));
      assert.equal(result.structuredContent.status, 'success');
      assert.match(JSON.stringify(result.structuredContent), /from-the-bundle/);
      assert.ok(readdirSync(join(home, '.orcaops', 'runs')).includes(result.structuredContent.job_id), 'the run is kept under ~/.orcaops');
    } finally {
      await client.close();
    }
  });
});
