import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { TEST_SERVICE_IMAGE, dockerCli, makeTempDir, removeComposeProject, requireDocker, silentLogger } from '@orcaops/testing';
import { Sandboxes } from './sandboxes.js';

/** Two OrcaOps homes (two registries, two sandbox roots) on the one engine, as two users or two checkouts would have. */
describe('sandboxes of two OrcaOps homes on one engine', () => {
  const suffix = randomUUID().slice(0, 8);
  const projects = new Set<string>();
  const homes: Array<{ path: string; remove: () => Promise<void> }> = [];
  let a: Sandboxes;
  let b: Sandboxes;
  const signal = new AbortController().signal;
  const progress = { signal, report: () => undefined };
  const running = async (id: string) => (await dockerCli(['inspect', '--format', '{{.State.Running}}', id])) === 'true';
  const containerIds = async (sandboxes: Sandboxes, name: string) => (await sandboxes.get(name, signal)).status.services.flatMap((service) => service.containers.map((c) => c.id));

  beforeAll(async () => {
    await requireDocker();
    const docker = new DockerodeService({ env: process.env }, silentLogger);
    const compose = new ComposeCli();
    const make = async () => {
      const home = await makeTempDir('orcaops-home-');
      homes.push(home);
      return new Sandboxes({ docker, compose, host: { home: home.path }, log: silentLogger, options: { roots: [home.path], bind_address: '127.0.0.1' } });
    };
    a = await make();
    b = await make();
  });

  afterAll(async () => {
    for (const project of projects) await removeComposeProject(project);
    for (const home of homes) await home.remove();
  });

  it('keeps same-named created sandboxes apart: each sees only its own container, and one start or stop leaves the other alone', async () => {
    const name = `twin-${suffix}`;
    const create = async (sandboxes: Sandboxes, home: string) => {
      const { entry } = await sandboxes.create({
        template: 'python-ml',
        name,
        directory: join(home, name),
        overrides: { images: { jupyter: TEST_SERVICE_IMAGE }, ports: { jupyter: 0 } },
        overwrite: false,
      });
      projects.add(entry.project);
      return entry;
    };
    const entryA = await create(a, homes[0]!.path);
    const entryB = await create(b, homes[1]!.path);
    expect(entryA.project).not.toBe(entryB.project);

    await a.start(name, { until: 'running', timeoutMs: 120_000 }, progress);
    const [containerA] = await containerIds(a, name);
    expect(containerA).toBeDefined();
    expect(await containerIds(b, name)).toEqual([]);
    expect((await b.list(signal)).sandboxes.find((s) => s.name === name)).toMatchObject({ state: 'stopped', containers: 0 });

    await b.start(name, { until: 'running', timeoutMs: 120_000 }, progress);
    const [containerB] = await containerIds(b, name);
    expect(containerB).toBeDefined();
    expect(containerB).not.toBe(containerA);
    expect(await containerIds(a, name)).toEqual([containerA]);
    expect(await running(containerA!)).toBe(true);

    await b.stop(name, { volumes: true, timeoutSeconds: 1 }, progress);
    expect(await running(containerA!)).toBe(true);
    expect(await containerIds(a, name)).toEqual([containerA]);
    expect((await b.get(name, signal)).status.state).toBe('stopped');
    await a.stop(name, { volumes: true, timeoutSeconds: 1 }, progress);
  }, 240_000);

  it('refuses to start or stop a registered project whose name another directory already runs under, leaving that one running', async () => {
    const project = `adopt-${suffix}`;
    projects.add(project);
    const register = async (sandboxes: Sandboxes, home: string) => {
      const dir = join(home, 'existing');
      await mkdir(dir);
      await writeFile(join(dir, 'compose.yaml'), `services:\n  web:\n    image: "${TEST_SERVICE_IMAGE}"\n`);
      await sandboxes.register({ name: 'adopted', directory: dir, project, signal });
    };
    await register(a, homes[0]!.path);
    await register(b, homes[1]!.path);

    await a.start('adopted', { until: 'running', timeoutMs: 120_000 }, progress);
    const [containerA] = await containerIds(a, 'adopted');
    expect(await containerIds(b, 'adopted')).toEqual([]);

    await expect(b.start('adopted', { until: 'running', timeoutMs: 120_000 }, progress)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(join(homes[0]!.path, 'existing')) });
    await expect(b.stop('adopted', { volumes: false, timeoutSeconds: 1 }, progress)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await containerIds(a, 'adopted')).toEqual([containerA]);
    expect(await running(containerA!)).toBe(true);
    await a.stop('adopted', { volumes: true, timeoutSeconds: 1 }, progress);
  }, 240_000);
});
