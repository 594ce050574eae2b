import { describe, expect, it } from '@jest/globals';
import { OrcaError } from '@orcaops/plugin-api';
import { FakeDockerService } from './fake-docker-service.js';

describe('FakeDockerService', () => {
  it('filters like the engine: running only by default, then by state and label', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'a', state: 'running', managed: true });
    docker.add({ id: 'b', state: 'exited', labels: { team: 'x' } });
    expect((await docker.listContainers()).map((c) => c.id)).toEqual(['a']);
    expect((await docker.listContainers({ all: true, states: ['exited'] })).map((c) => c.id)).toEqual(['b']);
    expect((await docker.listContainers({ all: true, labels: { team: 'x' } })).map((c) => c.id)).toEqual(['b']);
    expect((await docker.listContainers({ all: true, labels: { 'org.orcaops.managed': true } })).map((c) => c.id)).toEqual(['a']);
  });

  it('refuses to remove a running container without force, and an unknown one', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'a', state: 'running' });
    await expect(docker.removeContainer('a')).rejects.toMatchObject({ code: 'CONFLICT' });
    await docker.removeContainer('a', { force: true });
    await expect(docker.removeContainer('a')).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });

  it('fails every call with the configured failure', async () => {
    const docker = new FakeDockerService();
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'down');
    await expect(docker.info()).rejects.toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
  });
});
