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

  it('lists ports and health as added (empty and null by default), and filters by name as text', async () => {
    const docker = new FakeDockerService();
    const plain = docker.add({ id: 'a', name: 'web.1', state: 'running' });
    expect(plain).toMatchObject({ ports: [], health: null });
    docker.add({ id: 'b', name: 'webx1', state: 'running', health: 'healthy', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }] });
    expect(await docker.listContainers({ name: 'web.' })).toEqual([plain]);
    expect((await docker.listContainers({ name: 'webx' }))[0]).toMatchObject({ health: 'healthy', ports: [{ containerPort: 80, hostPort: 8080 }] });
  });

  it('describes a container from its summary, state and recorded spec, with test overrides and raw only when asked', async () => {
    const docker = new FakeDockerService();
    docker.addImage('img');
    const spec = { image: 'img', command: ['serve'], entrypoint: ['/init'], labels: {}, network: 'none' as const, memoryBytes: 1024, pidsLimit: 5 };
    const id = await docker.createContainer(spec);
    const details = await docker.describeContainer(id);
    expect(details).toMatchObject({
      id,
      state: 'created',
      running: false,
      command: ['/init', 'serve'],
      error: null,
      health: null,
      ports: [],
      mounts: [],
      networks: [{ name: 'none', ipAddress: null, aliases: [] }],
      limits: { nanoCpus: 0, memoryBytes: 1024, pidsLimit: 5 },
      restartPolicy: 'no',
    });
    expect(details).not.toHaveProperty('raw');
    expect((await docker.describeContainer(id, { raw: true })).raw).toMatchObject({ Id: id, Config: { Image: 'img' } });

    docker.add({ id: 'h', state: 'running', health: 'unhealthy' });
    docker.details.set('h', { mounts: [{ type: 'bind', source: '/src', destination: '/dst', readOnly: true }] });
    expect(await docker.describeContainer('h')).toMatchObject({
      command: [],
      health: { status: 'unhealthy', failingStreak: 1, lastOutput: null },
      mounts: [{ type: 'bind', source: '/src', destination: '/dst', readOnly: true }],
    });
    await expect(docker.describeContainer('nope')).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });

  it('execs the scripted command in a running container only', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'r', state: 'running' });
    docker.add({ id: 's', state: 'exited' });
    docker.execScript = (id, spec) => ({ exitCode: 2, output: [{ stream: 'stdout', data: `${id}:${spec.command.join(' ')}` }, { stream: 'stderr', data: 'warn' }] });
    const out: string[] = [];
    const err: string[] = [];
    const spec = { command: ['ls', '/'], env: { A: '1' }, workdir: '/w' };
    expect(await docker.exec('r', spec, { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) })).toBe(2);
    expect([out, err]).toEqual([['r:ls /'], ['warn']]);
    expect(docker.execs).toEqual([{ id: 'r', spec }]);
    const handlers = { onStdout: () => {}, onStderr: () => {} };
    await expect(docker.exec('s', spec, handlers)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is not running') });
    await expect(docker.exec('nope', spec, handlers)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    expect(docker.execs).toHaveLength(1);
  });

  it('keeps a hanging exec running until aborted (CANCELLED) or the container stops (137)', async () => {
    const docker = new FakeDockerService();
    docker.add({ id: 'r', state: 'running' });
    docker.execScript = () => ({ hang: true });
    const handlers = { onStdout: () => {}, onStderr: () => {} };
    const controller = new AbortController();
    const aborted = docker.exec('r', { command: ['sleep'] }, handlers, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'CANCELLED' });
    const stopped = docker.exec('r', { command: ['sleep'] }, handlers);
    await docker.stopContainer('r');
    await expect(stopped).resolves.toBe(137);
  });

  it('reads the last lines of both streams with tail, each stamped with timestamps', async () => {
    const docker = new FakeDockerService();
    docker.addImage('img');
    docker.script = () => ({ output: [{ stream: 'stdout', data: 'a\nb\n' }, { stream: 'stderr', data: 'e\n' }, { stream: 'stdout', data: 'c' }] });
    const id = await docker.createContainer({ image: 'img', command: [], labels: {} });
    await docker.startContainer(id);
    const read = async (options: { tail?: number; timestamps?: boolean }) => {
      const lines: string[] = [];
      await docker.streamLogs(id, { onStdout: (c) => lines.push(`out ${c}`), onStderr: (c) => lines.push(`err ${c}`) }, options);
      return lines;
    };
    expect(await read({})).toEqual(['out a\nb\n', 'err e\n', 'out c']);
    expect(await read({ tail: 2 })).toEqual(['err e\n', 'out c']);
    expect(await read({ tail: 0 })).toEqual([]);
    expect(await read({ tail: 1, timestamps: true })).toEqual(['out 1970-01-01T00:00:00.000Z c']);
    expect(await read({ timestamps: true })).toHaveLength(4);
  });

  it('builds images under their tags, lists them with their users, and removes one in use only with force', async () => {
    const docker = new FakeDockerService();
    const steps: number[] = [];
    const built = await docker.buildImage({ directory: '/ctx' }, { tags: ['app:1'], onProgress: (event) => event.step && steps.push(event.step.current) });
    expect(built).toEqual({ imageId: 'sha256:built-1', tags: ['app:1'], contextBytes: 0 });
    expect(steps).toEqual([1]);
    docker.add({ id: 'c1', image: 'app:1' });
    expect(await docker.listImages({ reference: 'app:1' })).toMatchObject([{ id: 'sha256:built-1', tags: ['app:1'], dangling: false, containers: [{ id: 'c1' }] }]);
    expect(await docker.listImages({ dangling: true })).toEqual([]);
    await expect(docker.removeImage('app:1')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await docker.removeImage('app:1', { force: true })).toEqual({ untagged: ['app:1'], deleted: ['sha256:built-1'] });
    await expect(docker.removeImage('app:1')).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });
});
