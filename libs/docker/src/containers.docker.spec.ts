import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LABELS, type ContainerCreateSpec } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, requireDocker, silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

describe('DockerodeService containers against the real engine', () => {
  const scope = new DockerTestScope();
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  const labels = { [TEST_RUN_LABEL]: scope.runId, [LABELS.managed]: 'true' };
  const spec = (command: string[], extra: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({ image: TEST_IMAGE, command, labels, init: true, ...extra });
  const logsOf = async (id: string): Promise<{ stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    await docker.streamLogs(id, { onStdout: (c) => (stdout += c.toString()), onStderr: (c) => (stderr += c.toString()) });
    return { stdout, stderr };
  };

  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it('creates a container with every setting of the spec, as docker inspect shows, and runs the command as argv', async () => {
    const name = `orcaops-test-${scope.runId.slice(0, 8)}`;
    const id = await docker.createContainer(
      spec(['sh', '-c', 'pwd; echo "$GREETING"; id -u; ls /sys/class/net', 'ignored-$0'], {
        name,
        env: { GREETING: 'hello; $(not run) `x`', EMPTY: '' },
        workdir: '/tmp',
        network: 'none',
        memoryBytes: 64 * 1024 * 1024,
        pidsLimit: 32,
        nanoCpus: 500_000_000,
        user: '1234',
      }),
    );
    const [inspected] = JSON.parse(await dockerCli(['inspect', id])) as Array<Record<string, any>>;
    expect(inspected!['Name']).toBe(`/${name}`);
    expect(inspected!['Config']).toMatchObject({
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'pwd; echo "$GREETING"; id -u; ls /sys/class/net', 'ignored-$0'],
      Env: expect.arrayContaining(['GREETING=hello; $(not run) `x`', 'EMPTY=']),
      WorkingDir: '/tmp',
      User: '1234',
      Labels: labels,
      Tty: false,
      OpenStdin: false,
    });
    expect(inspected!['HostConfig']).toMatchObject({ Init: true, NetworkMode: 'none', Memory: 67_108_864, PidsLimit: 32, NanoCpus: 500_000_000 });

    await docker.startContainer(id);
    expect(await docker.waitContainer(id)).toBe(0);
    // Only the loopback interface exists with network "none"; the env value came through untouched.
    expect(await logsOf(id)).toEqual({ stdout: '/tmp\nhello; $(not run) `x`\n1234\nlo\n', stderr: '' });
  });

  it('fails with IMAGE_NOT_FOUND and a suggestion for an image that is not on the engine', async () => {
    const missing = `orcaops-test/missing:${scope.runId}`;
    await expect(docker.createContainer(spec(['true'], { image: missing }))).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining(missing),
      suggestion: expect.stringContaining(`docker pull ${missing}`),
    });
  });

  it('replaces or clears the image entrypoint', async () => {
    const base = await scope.createContainer({ start: false });
    const image = `orcaops-test/entrypoint:${scope.runId}`;
    await dockerCli(['commit', '--change', 'ENTRYPOINT ["echo", "from-entrypoint"]', '--change', `LABEL ${scope.label}`, base, image]);
    const withEntrypoint = await docker.createContainer(spec(['plain'], { image }));
    const cleared = await docker.createContainer(spec(['echo', 'plain'], { image, entrypoint: [] }));
    const replaced = await docker.createContainer(spec(['plain'], { image, entrypoint: ['echo', 'replaced'] }));
    for (const id of [withEntrypoint, cleared, replaced]) {
      await docker.startContainer(id);
      await docker.waitContainer(id);
    }
    expect((await logsOf(withEntrypoint)).stdout).toBe('from-entrypoint plain\n');
    expect((await logsOf(cleared)).stdout).toBe('plain\n');
    expect((await logsOf(replaced)).stdout).toBe('replaced plain\n');
  });

  it('starts (twice is fine), waits for the exit code and inspects the final state', async () => {
    const id = await docker.createContainer(spec(['sh', '-c', 'sleep 0.2; exit 3']));
    expect(await docker.inspectContainer(id)).toMatchObject({ id, state: 'created', running: false, exitCode: null, startedAt: null, labels });
    await docker.startContainer(id);
    await docker.startContainer(id);
    expect(await docker.waitContainer(id)).toBe(3);
    const state = await docker.inspectContainer(id);
    expect(state).toMatchObject({ state: 'exited', running: false, exitCode: 3, image: TEST_IMAGE, imageId: expect.stringMatching(/^sha256:/) });
    expect(Date.parse(state.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(state.startedAt ?? ''));
  });

  it('kills a running container (SIGKILL: 137); killing it again is not an error', async () => {
    const id = await docker.createContainer(spec(['sleep', '300']));
    await docker.startContainer(id);
    await docker.killContainer(id);
    expect(await docker.waitContainer(id)).toBe(137);
    await docker.killContainer(id);
    await docker.killContainer(id, { killSignal: 'SIGTERM' });
  });

  it('sends the signal it is given', async () => {
    const id = await docker.createContainer(spec(['sh', '-c', 'trap "exit 42" TERM; while true; do sleep 0.1; done']));
    await docker.startContainer(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await docker.killContainer(id, { killSignal: 'SIGTERM' });
    expect(await docker.waitContainer(id)).toBe(42);
  });

  it('stops a running container (with init, SIGTERM ends it: 143, not killed at the timeout); stopping it again is not an error', async () => {
    const id = await docker.createContainer(spec(['sleep', '300']));
    await docker.startContainer(id);
    await docker.stopContainer(id, { timeoutSeconds: 30 });
    await docker.stopContainer(id);
    expect(await docker.inspectContainer(id)).toMatchObject({ running: false, exitCode: 143 });
  });

  it('cancels a wait when the signal fires', async () => {
    const id = await docker.createContainer(spec(['sleep', '300']));
    await docker.startContainer(id);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(docker.waitContainer(id, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    await docker.killContainer(id);
  });

  it('answers CONTAINER_NOT_FOUND for every operation on an unknown container', async () => {
    const unknown = `orcaops-missing-${scope.runId}`;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['start', () => docker.startContainer(unknown)],
      ['inspect', () => docker.inspectContainer(unknown)],
      ['wait', () => docker.waitContainer(unknown)],
      ['kill', () => docker.killContainer(unknown)],
      ['stop', () => docker.stopContainer(unknown)],
      ['logs', () => docker.streamLogs(unknown, { onStdout() {}, onStderr() {} })],
      ['describe', () => docker.describeContainer(unknown)],
      ['exec', () => docker.exec(unknown, { command: ['true'] }, { onStdout() {}, onStderr() {} })],
      ['putArchive', () => docker.putArchive(unknown, '/', Buffer.alloc(1024))],
      ['getArchive', () => docker.getArchive(unknown, '/etc')],
      ['not an id', () => docker.inspectContainer('../../images/json')],
    ];
    for (const [name, call] of calls) {
      await expect(call().then(() => name)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    }
  });
});
