import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NPM_INSTALL_FLAGS, outsiderNpm } from '@orcaops/testing';
import { runCli, tempHome, type CliRun } from './test-fixtures/spawn-cli.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const SDK_DIR = fileURLToPath(new URL('../../../libs/plugin-api/', import.meta.url));
const NPM_FLAGS = NPM_INSTALL_FLAGS;
const npm = outsiderNpm;

/** Fails with the command's output, which is what anyone debugging a red run needs first. */
function expectOk(result: CliRun, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

const packedFiles = (result: CliRun) => (JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);

/**
 * The scaffold's output as a plugin author gets it, outside the monorepo: the SDK packed as it would be published,
 * the package written by the built CLI, installed from the tarball (no workspace links), tested and packed with
 * its own scripts, then loaded by OrcaOps from orcaops.config.json and called against the real engine.
 */
describe('orcaops plugin new, end to end', () => {
  let home: ReturnType<typeof tempHome>;
  let pkg: string;
  let sdkTarball: string;

  beforeAll(async () => {
    home = tempHome();
    pkg = join(home.dir, 'hello');
    const packed = await npm(['pack', '--json', '--pack-destination', home.dir], SDK_DIR);
    expectOk(packed, 'npm pack of @orcaops/plugin-api');
    sdkTarball = join(home.dir, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
  }, 60_000);
  afterAll(() => home?.remove());

  it('the CLI package ships the templates', async () => {
    const packed = await npm(['pack', '--dry-run', '--json'], CLI_DIR);
    expectOk(packed, 'npm pack --dry-run of the CLI');
    expect(packedFiles(packed)).toEqual(expect.arrayContaining(['templates/plugin/package.json.tmpl', 'templates/plugin/src/get-engine.test.ts.tmpl', 'dist/scaffold/plugin-template.js']));
  }, 60_000);

  it('writes a package that installs, passes its tests and packs with its entry and without its tests', async () => {
    expectOk(await runCli(['plugin', 'new', '@e2e/orcaops-hello', '--dir', 'hello'], home.dir), 'orcaops plugin new');
    expectOk(await npm(['install', '--save-dev', ...NPM_FLAGS, sdkTarball], pkg), `npm install of the SDK tarball`);
    expectOk(await npm(['install', ...NPM_FLAGS], pkg), 'npm install');
    const tested = await npm(['test'], pkg);
    expectOk(tested, 'npm test');
    expect(tested.stdout).toMatch(/^# pass 3$/m);
    expect(tested.stdout).toMatch(/^# fail 0$/m);

    // npm test has just built dist/; prepack would only build it again.
    const packed = await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], pkg);
    expectOk(packed, 'npm pack --dry-run of the plugin');
    expect(packedFiles(packed).sort()).toEqual(['README.md', 'dist/get-engine.js', 'dist/index.js', 'package.json']);
  }, 180_000);

  it('OrcaOps loads it from orcaops.config.json, lists its tool and calls it against the engine', async () => {
    expect(existsSync(join(pkg, 'dist', 'index.js'))).toBe(true);
    const config = join(home.dir, 'orcaops.config.json');
    writeFileSync(config, JSON.stringify({ plugins: ['./hello'] }));
    const engine = { env: { DOCKER_HOST: process.env['DOCKER_HOST'] } };

    const tools = await runCli(['tools', '--config', config], home.dir, engine);
    expectOk(tools, 'orcaops tools');
    expect(tools.stdout).toMatch(/^hello\n {2}hello_get_engine +Docker engine +read-only$/m);

    const call = await runCli(['call', 'hello_get_engine', '--config', config], home.dir, engine);
    expectOk(call, 'orcaops call hello_get_engine');
    const envelope = JSON.parse(call.stdout) as Record<string, unknown>;
    expect(envelope).toMatchObject({ success: true, server_version: expect.stringMatching(/^\d+\.\d+/), api_version: expect.stringMatching(/^1\.\d+$/) });
    expect(envelope['containers_running']).toEqual(expect.any(Number));
  }, 60_000);
});
