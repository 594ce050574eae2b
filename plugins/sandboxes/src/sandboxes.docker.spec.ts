import { randomUUID } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import type { AnyToolDefinition } from '@orcaops/plugin-api';
import { TEST_IMAGE, TEST_SERVICE_IMAGE, callToolData, callToolError, composeResources, makeTempDir, removeComposeProject, requireDocker, silentLogger, toolNamed } from '@orcaops/testing';
import { homeIdOf } from './project/home-id.js';
import { projectNameFor } from './sandbox-name.js';
import { Sandboxes } from './sandboxes.js';
import { createSandboxesTools } from './sandboxes-tools.js';
import { BUILTIN_TEMPLATES } from './templates/builtin-templates.js';

describe('sandboxes against the real engine and compose CLI', () => {
  const suffix = randomUUID().slice(0, 8);
  const names: string[] = [];
  let home: string;
  let homeId: string;
  const projectOf = (name: string) => projectNameFor(name, homeId);
  let removeHome: () => Promise<void>;
  let tools: readonly AnyToolDefinition[];
  const call = (name: string, args: unknown, onProgress?: (message: string) => void) =>
    callToolData(toolNamed(tools, name), args, { onProgress: (update) => onProgress?.(update.message ?? '') });
  const callError = (name: string, args: unknown) => callToolError(toolNamed(tools, name), args);
  const sandboxName = (base: string) => {
    const name = `${base}-${suffix}`;
    names.push(name);
    return name;
  };

  beforeAll(async () => {
    await requireDocker();
    ({ path: home, remove: removeHome } = await makeTempDir('orcaops-sandboxes-'));
    homeId = await homeIdOf(home);
    const docker = new DockerodeService({ env: process.env }, silentLogger);
    const sandboxes = new Sandboxes({ docker, compose: new ComposeCli(), host: { home }, log: silentLogger, options: { roots: [home], bind_address: '127.0.0.1' } });
    tools = createSandboxesTools(sandboxes);
  });

  afterAll(async () => {
    for (const name of names) await removeComposeProject(projectOf(name));
    await removeHome?.();
  });

  describe.each(BUILTIN_TEMPLATES.map((template) => [template.id, template] as const))('template %s', (id, template) => {
    it('creates, starts (healthy, reachable from the host), gets, runs a command, and stops leaving nothing behind', async () => {
      const name = sandboxName(id);
      const serviceNames = template.services.map((service) => service.name);
      const everyService = <T>(value: T) => Object.fromEntries(serviceNames.map((service) => [service, value]));
      const created = await call('orcaops_create_sandbox', {
        template: id,
        name,
        directory: join(home, name),
        images: everyService(TEST_SERVICE_IMAGE),
        ports: everyService(0),
      });
      expect(created.sandbox).toMatchObject({ name, template: id, project: projectOf(name), compose_file: 'docker-compose.yml' });
      expect(created.files).toEqual(expect.arrayContaining(['docker-compose.yml', '.env', 'README.md']));
      const env = await readFile(join(home, name, '.env'), 'utf8');
      expect(env).toContain(`COMPOSE_PROJECT_NAME=${projectOf(name)}`);

      const progress: string[] = [];
      const started = await call('orcaops_start_sandbox', { name, wait_timeout: 120 }, (message) => progress.push(message));
      expect(started.status).toBe('running');
      expect(progress.join('\n')).toMatch(/all services ready/);
      expect(started.services.map((service: { name: string }) => service.name)).toEqual([...serviceNames].sort());
      for (const service of started.services) {
        expect(service.containers).toHaveLength(1);
        expect(service.containers[0]).toMatchObject({ state: 'running', health: 'healthy' });
      }
      const published = template.services.filter((service) => service.port).map((service) => service.name).sort();
      expect(started.endpoints.map((endpoint: { service: string }) => endpoint.service).sort()).toEqual(published);
      for (const endpoint of started.endpoints) {
        expect(endpoint.address).toMatch(/^127\.0\.0\.1:\d+$/);
        const response = await fetch(`http://${endpoint.address}/`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('OrcaOps test service');
      }

      const fetched = await call('orcaops_get_sandbox', { name: name.toUpperCase() });
      expect(fetched).toMatchObject({ name, status: 'running', endpoints: started.endpoints });
      const listed = await call('orcaops_list_sandboxes', { validate: true });
      expect(listed.sandboxes.find((s: { name: string }) => s.name === name)).toMatchObject({ status: 'running', running: serviceNames.length, problems: [] });

      const exec = await call('orcaops_exec_in_sandbox', { name, service: serviceNames[0], command: ['sh', '-c', 'echo "out $GREETING"; echo err >&2; exit 3'], env: { GREETING: 'hi' } });
      expect(exec).toMatchObject({ exit_code: 3, stdout: 'out hi\n', stderr: 'err\n', truncated: false });
      const overdue = await callError('orcaops_exec_in_sandbox', { name, service: serviceNames[0], command: ['sh', '-c', 'sleep 401 & echo begun; wait'], timeout: 1 });
      expect(overdue).toMatchObject({ code: 'TIMEOUT', details: { process: 'stopped' } });
      expect(overdue.message).toMatch(/it was stopped \(2 processes killed\)\. Output so far:\nbegun/);
      const ps = await call('orcaops_exec_in_sandbox', { name, service: serviceNames[0], command: ['ps'] });
      expect(ps.stdout).not.toContain('sleep 401');

      const stopped = await call('orcaops_stop_sandbox', { name, volumes: true });
      expect(stopped).toMatchObject({ containers_removed: serviceNames.length, volumes_removed: true });
      expect(await composeResources(projectOf(name))).toEqual({ containers: [], networks: [], volumes: [] });
      expect((await call('orcaops_get_sandbox', { name })).status).toBe('stopped');
    }, 180_000);
  });

  it('keeps volumes unless asked, and stopping a stopped sandbox succeeds', async () => {
    const name = sandboxName('keep');
    const images = { proxy: TEST_SERVICE_IMAGE, frontend: TEST_SERVICE_IMAGE, db: TEST_SERVICE_IMAGE };
    await call('orcaops_create_sandbox', { template: 'web-dev', name, directory: join(home, name), images, ports: { proxy: 0, frontend: 0, db: 0 } });
    await call('orcaops_start_sandbox', { name, wait: 'running' });
    await call('orcaops_stop_sandbox', { name });
    const left = await composeResources(projectOf(name));
    expect(left.containers).toEqual([]);
    expect(left.volumes).toHaveLength(1);
    expect(await call('orcaops_stop_sandbox', { name, volumes: true })).toMatchObject({ containers_removed: 0 });
    expect((await composeResources(projectOf(name))).volumes).toEqual([]);
  });

  it('refuses bad names, existing sandboxes and directories, unknown templates and overrides', async () => {
    for (const bad of ['', '-lead', 'has space', 'semi;colon', '$(id)', 'a'.repeat(64)]) {
      expect(await callError('orcaops_create_sandbox', { template: 'web-dev', name: bad })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('name') });
    }
    const name = sandboxName('dup');
    await call('orcaops_create_sandbox', { template: 'api-testing', name, directory: join(home, name) });
    expect(await callError('orcaops_create_sandbox', { template: 'web-dev', name: name.toUpperCase(), directory: join(home, 'other') })).toMatchObject({ code: 'SANDBOX_EXISTS' });
    await mkdir(join(home, 'occupied'));
    await writeFile(join(home, 'occupied', 'keep.txt'), 'mine');
    expect(await callError('orcaops_create_sandbox', { template: 'web-dev', name: sandboxName('occ'), directory: join(home, 'occupied') })).toMatchObject({ code: 'SANDBOX_EXISTS' });
    expect(await readFile(join(home, 'occupied', 'keep.txt'), 'utf8')).toBe('mine');
    expect(await callError('orcaops_create_sandbox', { template: 'no-such', name: sandboxName('x') })).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    expect(await callError('orcaops_get_template', { template_id: 'no-such' })).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    expect(await callError('orcaops_create_sandbox', { template: 'web-dev', name: sandboxName('y'), directory: join(home, 'y'), images: { nope: TEST_IMAGE } })).toMatchObject({
      code: 'INVALID_TEMPLATE',
    });
    expect(await callError('orcaops_create_sandbox', { template: 'web-dev', name: sandboxName('z'), directory: '/etc/orcaops-should-not-exist' })).toMatchObject({ code: 'INVALID_PATH' });
    expect(await callError('orcaops_get_sandbox', { name: 'never-created' })).toMatchObject({ code: 'SANDBOX_NOT_FOUND' });
    expect(await callError('orcaops_start_sandbox', { name: 'never-created' })).toMatchObject({ code: 'SANDBOX_NOT_FOUND' });
  });

  it('registers an existing compose project, reports a service that exits, and unregisters', async () => {
    const name = sandboxName('reg');
    const dir = join(home, 'existing');
    await mkdir(dir);
    await writeFile(join(dir, 'compose.yaml'), `services:\n  worker:\n    image: "${TEST_IMAGE}"\n    command: ["sh", "-c", "echo boom >&2; exit 4"]\n`);
    await symlink('/etc/hostname', join(dir, 'escape.yml'));
    expect(await callError('orcaops_register_sandbox', { name, directory: dir, compose_file: 'escape.yml' })).toMatchObject({ code: 'INVALID_PATH' });
    expect(await callError('orcaops_register_sandbox', { name, directory: dir, compose_file: '../x.yml' })).toMatchObject({ code: 'INVALID_PATH' });
    const registered = await call('orcaops_register_sandbox', { name, directory: dir });
    expect(registered.sandbox).toMatchObject({ template: null, compose_file: 'compose.yaml' });

    const failure = await callError('orcaops_start_sandbox', { name, wait_timeout: 60 });
    expect(failure).toMatchObject({ code: 'START_FAILED' });
    expect(failure.message).toMatch(/boom/);
    expect(await callError('orcaops_remove_sandbox', { name })).toMatchObject({ code: 'CONFLICT' });
    await call('orcaops_stop_sandbox', { name });
    expect((await call('orcaops_remove_sandbox', { name })).sandbox.name).toBe(name);
    expect((await call('orcaops_list_sandboxes', {})).sandboxes.map((s: { name: string }) => s.name)).not.toContain(name);
  });

  it('fails a start whose image is missing with the compose output', async () => {
    const name = sandboxName('noimg');
    await call('orcaops_create_sandbox', { template: 'python-ml', name, directory: join(home, name), images: { jupyter: `orcaops-test/missing-${suffix}:none` } });
    const failure = await callError('orcaops_start_sandbox', { name });
    expect(failure).toMatchObject({ code: 'START_FAILED' });
    expect(failure.message).toMatch(/missing/);
  });

  it('fails with DOCKER_COMPOSE_NOT_FOUND when no compose CLI is installed', async () => {
    const docker = new DockerodeService({ env: process.env }, silentLogger);
    const noCompose = new ComposeCli({ detect: async () => null });
    const others = createSandboxesTools(new Sandboxes({ docker, compose: noCompose, host: { home }, log: silentLogger, options: { roots: [home], bind_address: '127.0.0.1' } }));
    const name = sandboxName('nocompose');
    await callToolData(toolNamed(others, 'orcaops_create_sandbox'), { template: 'web-dev', name, directory: join(home, name) });
    expect(await callToolError(toolNamed(others, 'orcaops_start_sandbox'), { name })).toMatchObject({ code: 'DOCKER_COMPOSE_NOT_FOUND' });
  });
});
