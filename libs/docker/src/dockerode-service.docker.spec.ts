import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { LABELS } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker, silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

describe('DockerodeService against the real engine', () => {
  const scope = new DockerTestScope();
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it('pings and reads engine facts that match the Docker CLI', async () => {
    await docker.ping();
    const info = await docker.info();
    expect(info.serverVersion).toBe(await dockerCli(['version', '--format', '{{.Server.Version}}']));
    expect(info.endpoint.address).toMatch(/^(unix|tcp|ssh):\/\//);
    // What the doctor tells rootless, Podman and Docker Desktop engines by, as the CLI sees it.
    expect(info.securityOptions).toEqual(JSON.parse(await dockerCli(['info', '--format', '{{json .SecurityOptions}}'])));
    expect(info.components).toEqual(JSON.parse(await dockerCli(['version', '--format', '{{json .Server.Components}}'])).map((c: { Name: string }) => c.Name));
  });

  it('lists containers by label and state, marking managed ones', async () => {
    const running = await scope.createContainer({ labels: { [LABELS.managed]: 'true' } });
    const created = await scope.createContainer({ start: false });
    const ours = { [TEST_RUN_LABEL]: scope.runId };
    const all = await docker.listContainers({ all: true, labels: ours });
    expect(all.map((c) => c.id).sort()).toEqual([running, created].sort());
    expect(all.find((c) => c.id === running)).toMatchObject({ state: 'running', managed: true, image: expect.stringContaining('busybox') });
    expect(all.find((c) => c.id === created)).toMatchObject({ state: 'created', managed: false });
    expect((await docker.listContainers({ labels: ours })).map((c) => c.id)).toEqual([running]);
    expect((await docker.listContainers({ all: true, labels: ours, states: ['created'] })).map((c) => c.id)).toEqual([created]);
    expect(await docker.listContainers({ all: true, labels: { ...ours, [LABELS.managed]: true } })).toHaveLength(1);
  });

  it('maps removal errors: running without force is CONFLICT, unknown is CONTAINER_NOT_FOUND', async () => {
    const running = await scope.createContainer();
    await expect(docker.removeContainer(running)).rejects.toMatchObject({ code: 'CONFLICT' });
    await docker.removeContainer(running, { force: true });
    await expect(docker.removeContainer(running)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND', suggestion: expect.stringContaining('orcaops_list_containers') });
  });

  it('reports DOCKER_UNAVAILABLE for an address where nothing listens', async () => {
    const temp = await makeTempDir();
    try {
      const nowhere = new DockerodeService({ env: { DOCKER_HOST: `unix://${join(temp.path, 'none.sock')}` } }, silentLogger);
      await expect(nowhere.ping()).rejects.toMatchObject({ code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining('none.sock') });
    } finally {
      await temp.remove();
    }
  });
});
