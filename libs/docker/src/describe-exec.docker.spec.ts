import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ContainerSummary, PortBinding } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker, silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

/** `docker port` lines (`80/tcp -> 0.0.0.0:32768`, `80/tcp -> [::]:32768`) as bindings, duplicates and all. */
async function cliPorts(id: string): Promise<PortBinding[]> {
  const out = await dockerCli(['port', id]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, port, protocol, ip, hostPort] = /^(\d+)\/(\w+) -> \[?([^\]]*)\]?:(\d+)$/.exec(line)!;
      return { containerPort: Number(port), protocol: protocol!, hostIp: ip!, hostPort: Number(hostPort) };
    });
}

const key = (port: PortBinding): string => `${port.containerPort}/${port.protocol}->${port.hostPort ?? ''}`;

describe('DockerodeService list details, describe and exec against the real engine', () => {
  const scope = new DockerTestScope();
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  const ours = { [TEST_RUN_LABEL]: scope.runId };
  const short = scope.runId.slice(0, 8);
  const removeAfter: Array<() => Promise<void>> = [];
  const collect = () => {
    const output = { stdout: '', stderr: '' };
    return { output, handlers: { onStdout: (c: Buffer) => (output.stdout += c), onStderr: (c: Buffer) => (output.stderr += c) } };
  };

  /** Health checks run on the engine's schedule: list until the container shows the verdict (or give up, saying so). */
  async function untilHealth(id: string, health: ContainerSummary['health']): Promise<ContainerSummary> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = (await docker.listContainers({ all: true, labels: ours })).find((c) => c.id === id);
      if (found?.health === health) return found;
      if (Date.now() > deadline) throw new Error(`container ${id} never became ${health}; last: ${found?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(requireDocker);
  afterAll(async () => {
    await scope.cleanup();
    for (const remove of removeAfter) await remove();
  });

  it('lists published ports once per binding (the engine reports IPv4 and IPv6 separately) and exposed-only ports', async () => {
    const id = await scope.createContainer({ args: ['-p', '80', '-p', '127.0.0.1::81/udp', '--expose', '82'] });
    const [summary] = (await docker.listContainers({ labels: ours })).filter((c) => c.id === id);
    const fromCli = await cliPorts(id);
    const distinct = new Set(fromCli.map(key));
    expect(summary!.ports.map(key).sort()).toEqual([...distinct, '82/tcp->'].sort());
    expect(summary!.ports).toContainEqual(fromCli.find((p) => p.containerPort === 80 && p.hostIp === '0.0.0.0'));
    expect(summary!.ports).toContainEqual({ containerPort: 81, protocol: 'udp', hostIp: '127.0.0.1', hostPort: fromCli.find((p) => p.containerPort === 81)!.hostPort });
    expect(summary!.ports).toContainEqual({ containerPort: 82, protocol: 'tcp' });
    expect(summary!.health).toBeNull();
    // inspect reports the same bindings in another shape: the two readings agree.
    expect((await docker.describeContainer(id)).ports).toEqual(summary!.ports);
  });

  it('reads the health verdict from the listing: starting, healthy, unhealthy', async () => {
    // Each check is an exec on the engine: 1 s keeps that load small for the suites running alongside.
    const starting = await scope.createContainer({ args: ['--health-cmd', 'true', '--health-interval', '1h'] });
    const healthy = await scope.createContainer({ args: ['--health-cmd', 'true', '--health-interval', '1s'] });
    const unhealthy = await scope.createContainer({ args: ['--health-cmd', 'echo probe says no; exit 1', '--health-interval', '1s', '--health-retries', '1'] });
    expect((await untilHealth(starting, 'starting')).status).toContain('health: starting');
    expect((await untilHealth(healthy, 'healthy')).status).toContain('(healthy)');
    expect((await untilHealth(unhealthy, 'unhealthy')).status).toContain('(unhealthy)');

    const details = await docker.describeContainer(unhealthy);
    expect(details.health).toMatchObject({ status: 'unhealthy', lastOutput: 'probe says no' });
    expect(details.health!.failingStreak).toBeGreaterThanOrEqual(1);
    expect((await docker.describeContainer(starting)).health).toEqual({ status: 'starting', failingStreak: 0, lastOutput: null });
    await dockerCli(['rm', '-f', starting, healthy, unhealthy]);
  });

  it('filters by name as plain text (the engine reads it as a regular expression)', async () => {
    const dotted = await scope.createContainer({ name: `orcaops-test-${short}-a.b`, start: false });
    const lookalike = await scope.createContainer({ name: `orcaops-test-${short}-axb`, start: false });
    expect((await docker.listContainers({ all: true, name: `${short}-a.b` })).map((c) => c.id)).toEqual([dotted]);
    expect((await docker.listContainers({ all: true, name: `orcaops-test-${short}` })).map((c) => c.id).sort()).toEqual([dotted, lookalike].sort());
    expect(await docker.listContainers({ all: true, name: `${short}-nothing` })).toEqual([]);
  });

  it('describes a container: command, a published port, a bind mount, limits, restart policy; raw only when asked', async () => {
    const temp = await makeTempDir();
    removeAfter.push(temp.remove);
    const name = `orcaops-test-${short}-described`;
    const id = await scope.createContainer({
      name,
      args: ['-p', '127.0.0.1::8080', '-v', `${temp.path}:/data:ro`, '-m', '64m', '--pids-limit', '50', '--cpus', '0.5', '--restart', 'on-failure:2'],
      command: ['sh', '-c', 'sleep 300'],
    });
    const [published] = await cliPorts(id);
    const details = await docker.describeContainer(id);
    expect(details).toMatchObject({
      id,
      name,
      state: 'running',
      running: true,
      exitCode: null,
      command: ['sh', '-c', 'sleep 300'],
      labels: expect.objectContaining(ours),
      oomKilled: false,
      restartCount: 0,
      error: null,
      health: null,
      ports: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: published!.hostPort }],
      mounts: [{ type: 'bind', source: temp.path, destination: '/data', readOnly: true }],
      networks: [{ name: 'bridge', ipAddress: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), aliases: [] }],
      limits: { nanoCpus: 500_000_000, memoryBytes: 64 * 1024 * 1024, pidsLimit: 50 },
      restartPolicy: 'on-failure',
    });
    expect(Date.parse(details.createdAt)).not.toBeNaN();
    expect(details).not.toHaveProperty('raw');

    const withRaw = await docker.describeContainer(id, { raw: true });
    expect(withRaw.raw).toMatchObject({ Id: id, Name: `/${name}`, HostConfig: { Memory: 64 * 1024 * 1024 } });
    expect({ ...withRaw, raw: undefined }).toEqual({ ...details, raw: undefined });
  });

  it('describes a container that failed to start with the engine error, and an unlimited one with zero limits', async () => {
    // Without --init (the scope's default), so that the runtime itself fails to start the command.
    const id = await dockerCli(['create', '--label', scope.label, TEST_IMAGE, '/no/such/binary']);
    await expect(dockerCli(['start', id])).rejects.toThrow(/no\/such\/binary/);
    const details = await docker.describeContainer(id);
    expect(details.error).toContain('/no/such/binary');
    expect(details).toMatchObject({ state: 'created', running: false, command: ['/no/such/binary'], limits: { nanoCpus: 0, memoryBytes: 0, pidsLimit: 0 }, restartPolicy: 'no', ports: [] });
  });

  it('runs a command in a running container: stdout and stderr apart, and its exit code', async () => {
    const id = await scope.createContainer();
    const { output, handlers } = collect();
    expect(await docker.exec(id, { command: ['sh', '-c', 'echo out; echo err >&2; echo more; exit 3'] }, handlers)).toBe(3);
    expect(output).toEqual({ stdout: 'out\nmore\n', stderr: 'err\n' });

    const quiet = collect();
    expect(await docker.exec(id, { command: ['true'] }, quiet.handlers)).toBe(0);
    expect(quiet.output).toEqual({ stdout: '', stderr: '' });
  });

  it('passes env (as given, no shell), workdir and user to the command', async () => {
    const id = await scope.createContainer();
    const { output, handlers } = collect();
    const code = await docker.exec(id, { command: ['sh', '-c', 'echo "$GREETING"; pwd; id -u'], env: { GREETING: 'hi; $(not run)' }, workdir: '/tmp', user: '1234' }, handlers);
    expect(code).toBe(0);
    expect(output).toEqual({ stdout: 'hi; $(not run)\n/tmp\n1234\n', stderr: '' });
  });

  it('streams a large output in full', async () => {
    const id = await scope.createContainer();
    let bytes = 0;
    let end = '';
    const onStdout = (chunk: Buffer): void => {
      bytes += chunk.length;
      end = (end + chunk.toString()).slice(-16);
    };
    expect(await docker.exec(id, { command: ['seq', '1', '200000'] }, { onStdout, onStderr: () => {} })).toBe(0);
    // 1..200000 with newlines: 9·2 + 90·3 + 900·4 + 9000·5 + 90000·6 + 100001·7 bytes.
    expect(bytes).toBe(1_288_895);
    expect(end.endsWith('\n199999\n200000\n')).toBe(true);
  });

  it('reports a command that cannot start as an exit code with the runtime message, not as an error', async () => {
    const id = await scope.createContainer();
    const { output, handlers } = collect();
    const code = await docker.exec(id, { command: ['no-such-command'] }, handlers);
    expect([126, 127]).toContain(code);
    expect(output.stdout + output.stderr).toContain('no-such-command');
  });

  it('on abort kills the command and its child processes, and rejects with CANCELLED saying so', async () => {
    const id = await scope.createContainer();
    const abandon = async (marker: string) => {
      const controller = new AbortController();
      let seen = '';
      const script = `sleep 4${marker}1 & sleep 4${marker}2 & echo ready; wait`;
      const running = docker.exec(id, { command: ['sh', '-c', script] }, { onStdout: (c) => ((seen += c), seen.includes('ready') && controller.abort()), onStderr: () => {} }, { signal: controller.signal });
      const error = await running.catch((e: unknown) => e);
      expect(String(error)).toContain('it was stopped (3 processes killed)');
      expect(error).toMatchObject({ code: 'CANCELLED', details: { process: 'stopped' } });
      expect(seen).toBe('ready\n');
      const { output, handlers } = collect();
      await docker.exec(id, { command: ['ps'] }, handlers);
      expect(output.stdout).toContain('ps');
      expect(output.stdout).not.toContain(`sleep 4${marker}`);
    };
    await abandon('0');
    // Without a `kill` binary the shell's builtin does it.
    await docker.exec(id, { command: ['rm', '/bin/kill'] }, collect().handlers);
    await abandon('9');
    // With neither `kill` nor `sh` in the image, nothing can stop it from inside, and the error says so.
    await docker.exec(id, { command: ['rm', '/bin/sh'] }, collect().handlers);
    const controller = new AbortController();
    const running = docker.exec(id, { command: ['sleep', '498'] }, collect().handlers, { signal: controller.signal }).catch((e: unknown) => e);
    for (let i = 0; i < 100 && !(await dockerCli(['top', id])).includes('sleep 498'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const error = await running;
    expect(String(error)).toContain('it may still be running: the container has no `kill` or `sh` that could stop it');
    expect(error).toMatchObject({ code: 'CANCELLED', details: { process: 'running' } });
  });

  it('refuses a stopped container with CONFLICT saying it is not running, and an unknown one with CONTAINER_NOT_FOUND', async () => {
    const created = await scope.createContainer({ start: false });
    const { handlers } = collect();
    await expect(docker.exec(created, { command: ['true'] }, handlers)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is not running') });
    const exited = await scope.createContainer({ command: ['true'] });
    await dockerCli(['wait', exited]);
    await expect(docker.exec(exited, { command: ['true'] }, handlers)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`Container ${exited} is not running`) });
    const paused = await scope.createContainer();
    await dockerCli(['pause', paused]);
    await expect(docker.exec(paused, { command: ['true'] }, handlers)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('(it is paused)') });
    await dockerCli(['unpause', paused]);
    await expect(docker.exec(`orcaops-missing-${scope.runId}`, { command: ['true'] }, handlers)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    await expect(docker.describeContainer(`orcaops-missing-${scope.runId}`)).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });

  it('reports the endpoint it uses, as info does', async () => {
    expect(await docker.endpoint()).toEqual((await docker.info()).endpoint);
  });
});
