import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { OrcaError, type AnyToolDefinition, type ComposeRunRequest, type ComposeService } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData, callToolError, makeTempDir, silentLogger, toolNamed } from '@orcaops/testing';
import { Sandboxes } from './sandboxes.js';
import { createSandboxesTools } from './sandboxes-tools.js';

/** Records compose calls; `config --services` answers from the given list, everything else succeeds. */
function fakeCompose(services: string[]): ComposeService & { calls: ComposeRunRequest[] } {
  const calls: ComposeRunRequest[] = [];
  return {
    calls,
    detect: async () => ({ flavor: 'v1', command: ['docker-compose'], version: '1.29.2' }),
    run: async (request) => {
      calls.push(request);
      const stdout = request.args[0] === 'config' && request.args[1] === '--services' ? services.join('\n') + '\n' : '';
      return { exitCode: 0, stdout, outputTail: '' };
    },
  };
}

describe('sandbox tools over fakes', () => {
  let home: string;
  let remove: () => Promise<void>;
  let docker: FakeDockerService;
  let compose: ReturnType<typeof fakeCompose>;
  let tools: readonly AnyToolDefinition[];
  const call = (name: string, args: unknown) => callToolData(toolNamed(tools, name), args);
  const callError = (name: string, args: unknown) => callToolError(toolNamed(tools, name), args);

  beforeEach(async () => {
    ({ path: home, remove } = await makeTempDir('orcaops-sandbox-tools-'));
    docker = new FakeDockerService();
    compose = fakeCompose(['db', 'web']);
    tools = createSandboxesTools(new Sandboxes({ docker, compose, host: { home }, log: silentLogger, options: { roots: [home], bind_address: '127.0.0.1' } }));
  });
  afterEach(() => remove());

  it('lists sandboxes with state unknown and the reason when the engine is down', async () => {
    await call('orcaops_create_sandbox', { template: 'web-dev', name: 'shop', directory: join(home, 'shop') });
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'no engine at unix:///var/run/docker.sock');
    const listed = await call('orcaops_list_sandboxes', {});
    expect(listed).toMatchObject({ count: 1, engine_error: expect.stringContaining('no engine'), sandboxes: [{ name: 'shop', status: 'unknown' }] });
  });

  it('passes the project, directory and compose file to compose as argv', async () => {
    await call('orcaops_create_sandbox', { template: 'web-dev', name: 'Shop', directory: join(home, 'shop') });
    await call('orcaops_stop_sandbox', { name: 'shop', volumes: true, timeout: 3 });
    expect(compose.calls.at(-1)).toMatchObject({
      // The home's id keeps the project apart from a sandbox "shop" of another OrcaOps home on the same engine.
      project: expect.stringMatching(/^shop-[0-9a-f]{8}$/),
      directory: join(home, 'shop'),
      files: [join(home, 'shop', 'docker-compose.yml')],
      args: ['down', '--remove-orphans', '--timeout', '3', '--volumes'],
    });
  });

  it('writes into an existing directory only with overwrite, keeping files it did not write', async () => {
    const dir = join(home, 'mine');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    expect(await callError('orcaops_create_sandbox', { template: 'python-ml', name: 'ml', directory: dir })).toMatchObject({ code: 'SANDBOX_EXISTS' });
    const created = await call('orcaops_create_sandbox', { template: 'python-ml', name: 'ml', directory: dir, overwrite: true });
    expect(created.files).toEqual(['.env', 'README.md', 'docker-compose.yml', 'notebooks/README.md']);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(await readFile(join(dir, 'docker-compose.yml'), 'utf8')).toContain('quay.io/jupyter/scipy-notebook');
  });

  it('reports a compose failure with its output, and refuses to unregister while containers exist', async () => {
    const { sandbox } = await call('orcaops_create_sandbox', { template: 'web-dev', name: 'shop', directory: join(home, 'shop') });
    compose.run = async () => ({ exitCode: 1, stdout: '', outputTail: 'ERROR: pull access denied for nginx' });
    expect(await callError('orcaops_start_sandbox', { name: 'shop' })).toMatchObject({ code: 'COMPOSE_FAILED', message: expect.stringContaining('pull access denied') });
    docker.add({ id: 'c1', labels: { 'com.docker.compose.project': sandbox.project, 'com.docker.compose.service': 'web' }, state: 'running' });
    expect(await callError('orcaops_remove_sandbox', { name: 'shop' })).toMatchObject({ code: 'CONFLICT' });
  });
});
