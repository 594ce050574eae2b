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

  it('creates from a known image only, records the spec, and runs the script on start', async () => {
    const docker = new FakeDockerService();
    const spec = { image: 'alpine:3', command: ['sh', '-c', 'exit 3'], labels: { job: '1' } };
    await expect(docker.createContainer(spec)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    docker.addImage('alpine:3');
    docker.script = () => ({ exitCode: 3, output: [{ stream: 'stdout', data: 'out' }, { stream: 'stderr', data: 'err' }] });
    const id = await docker.createContainer(spec);
    expect(docker.specs.get(id)).toBe(spec);
    expect(await docker.inspectContainer(id)).toMatchObject({ state: 'created', running: false, exitCode: null, labels: { job: '1' } });
    await docker.startContainer(id);
    expect(await docker.waitContainer(id)).toBe(3);
    expect(await docker.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 3 });
    const out: string[] = [];
    const err: string[] = [];
    await docker.streamLogs(id, { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) }, { follow: true });
    expect([out, err]).toEqual([['out'], ['err']]);
    expect(docker.calls).toEqual([`create ${id}`, `start ${id}`]);
  });

  it('keeps a hanging container running until it is killed, releasing waiters and followers', async () => {
    const docker = new FakeDockerService();
    docker.addImage('img');
    docker.script = () => ({ hang: true, output: [{ stream: 'stdout', data: 'tick' }] });
    const id = await docker.createContainer({ image: 'img', command: [], labels: {} });
    await docker.startContainer(id);
    const waited = docker.waitContainer(id);
    const followed = docker.streamLogs(id, { onStdout: () => {}, onStderr: () => {} }, { follow: true });
    await docker.killContainer(id, { killSignal: 'SIGTERM' });
    await expect(waited).resolves.toBe(143);
    await expect(followed).resolves.toBeUndefined();
    await docker.killContainer(id);
    await docker.stopContainer(id);
  });

  it('rejects waits and follows with CANCELLED on abort', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'r', state: 'running' });
    const controller = new AbortController();
    const waited = docker.waitContainer('r', { signal: controller.signal });
    controller.abort();
    await expect(waited).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('pulls only known remote images, reporting progress', async () => {
    const docker = new FakeDockerService();
    docker.remoteImages.set('reg/x:1', { id: 'sha256:1', digest: 'reg/x@sha256:d' });
    const events: string[] = [];
    expect(await docker.pullImage('reg/x:1', { onProgress: (e) => events.push(e.status) })).toEqual({ id: 'sha256:1', digest: 'reg/x@sha256:d' });
    expect(events).toHaveLength(2);
    expect(await docker.inspectImage('reg/x:1')).not.toBeNull();
    await expect(docker.pullImage('reg/x:2')).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('stores archives put, and serves archives the test provides', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'c', state: 'created' });
    await docker.putArchive('c', '/work', Buffer.from('tar'));
    expect(docker.archivesPut).toEqual([{ id: 'c', directory: '/work', tar: Buffer.from('tar') }]);
    docker.archives.set('c:/out', Buffer.from('out-tar'));
    const chunks: Buffer[] = [];
    for await (const chunk of await docker.getArchive('c', '/out')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('out-tar');
    await expect(docker.getArchive('c', '/missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(docker.getArchive('nope', '/out')).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });
});
