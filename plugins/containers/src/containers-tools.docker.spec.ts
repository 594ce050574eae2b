import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerodeService } from '@orcaops/docker';
import { LABELS } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_RUN_LABEL, callToolData, callToolError, dockerCli, requireDocker, silentLogger, toolNamed } from '@orcaops/testing';
import { createContainerTools } from './containers-tools.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('container tools against the real engine', () => {
  const scope = new DockerTestScope();
  const tools = createContainerTools(new DockerodeService({ env: process.env }, silentLogger), { now: () => new Date() });
  const tag = scope.runId.slice(0, 8);
  const onlyOurs = `${TEST_RUN_LABEL}=${scope.runId}`;
  let web: string;
  let finished: string;
  let created: string;

  const call = (name: string, args: Record<string, unknown>) => callToolData(toolNamed(tools, name), args);
  const failure = (name: string, args: Record<string, unknown>) => callToolError(toolNamed(tools, name), args);

  /** A container that prints `lines`, then exits; returns once it has exited. */
  async function exitedAfter(script: string, name?: string): Promise<string> {
    const id = await scope.createContainer({ command: ['sh', '-c', script], ...(name ? { name } : {}) });
    await dockerCli(['wait', id]);
    return id;
  }

  const ids = (result: Record<string, any>): string[] => result['containers'].map((row: { id: string }) => row.id).sort();
  const short = (id: string) => id.slice(0, 12);

  beforeAll(async () => {
    await requireDocker();
    web = await scope.createContainer({
      name: `orcaops-ct-${tag}-web`,
      labels: { [LABELS.managed]: 'true', role: 'web' },
      args: ['-p', '127.0.0.1::80', '-v', '/data', '-m', '64m', '--cpus', '0.5', '--pids-limit', '64', '--health-cmd', 'true', '--health-interval', '1s'],
    });
    finished = await exitedAfter('echo out; echo err >&2; exit 3', `orcaops-ct-${tag}-finished`);
    created = await scope.createContainer({ name: `orcaops-ct-${tag}-created`, start: false, labels: { role: 'spare' } });
  });
  afterAll(() => scope.cleanup());

  describe('orcaops_list_containers', () => {
    it('lists running containers, or all with all=true, with short ids, ports and managed marked', async () => {
      const running = await call('orcaops_list_containers', { label: [onlyOurs] });
      expect(running['containers']).toEqual([
        {
          id: short(web),
          name: `orcaops-ct-${tag}-web`,
          image: 'orcaops-test/busybox:latest',
          state: 'running',
          status: expect.stringMatching(/^Up /),
          health: expect.stringMatching(/^(starting|healthy)$/),
          ports: [expect.stringMatching(/^127\.0\.0\.1:\d+->80\/tcp$/)],
          created_at: expect.stringMatching(TIMESTAMP),
          managed: true,
        },
      ]);
      const all = await call('orcaops_list_containers', { all: true, label: [onlyOurs] });
      expect(ids(all)).toEqual([web, finished, created].map(short).sort());
      expect(all['containers'].find((row: { id: string }) => row.id === short(finished))).toMatchObject({ state: 'exited', managed: false, health: null, ports: [] });
    });

    it('filters by name, label, status and managed_only', async () => {
      expect(ids(await call('orcaops_list_containers', { all: true, label: [onlyOurs], name: `${tag}-fin` }))).toEqual([short(finished)]);
      expect(ids(await call('orcaops_list_containers', { all: true, name: `orcaops-ct-${tag}` }))).toEqual([web, finished, created].map(short).sort());
      expect(ids(await call('orcaops_list_containers', { all: true, label: [onlyOurs, 'role'] }))).toEqual([web, created].map(short).sort());
      expect(ids(await call('orcaops_list_containers', { all: true, label: [onlyOurs, 'role=spare'] }))).toEqual([short(created)]);
      expect(ids(await call('orcaops_list_containers', { label: [onlyOurs], status: ['exited'] }))).toEqual([short(finished)]);
      expect(ids(await call('orcaops_list_containers', { label: [onlyOurs], status: ['created', 'running'] }))).toEqual([web, created].map(short).sort());
      expect(ids(await call('orcaops_list_containers', { all: true, label: [onlyOurs], managed_only: true }))).toEqual([short(web)]);
    });
  });

  describe('orcaops_get_container_logs', () => {
    it('tells stdout from stderr, and reads by short id or by name', async () => {
      const byId = await call('orcaops_get_container_logs', { container_id: short(finished) });
      expect(byId).toMatchObject({ id: short(finished), name: `orcaops-ct-${tag}-finished`, state: 'exited', since: null, truncated: false, bytes: 8 });
      // Separate pipes: the engine may log the two lines in either order.
      expect(byId['lines']).toHaveLength(2);
      expect(byId['lines']).toEqual(
        expect.arrayContaining([
          { stream: 'stdout', text: 'out' },
          { stream: 'stderr', text: 'err' },
        ]),
      );
      expect((await call('orcaops_get_container_logs', { container_id: `orcaops-ct-${tag}-finished` }))['lines']).toEqual(byId['lines']);
    });

    it('returns the last tail lines, with timestamps when asked, and honours since', async () => {
      const counter = await exitedAfter('seq 1 50');
      const tail = await call('orcaops_get_container_logs', { container_id: counter, tail: 3 });
      expect(tail['lines']).toEqual(['48', '49', '50'].map((text) => ({ stream: 'stdout', text })));

      const stamped = await call('orcaops_get_container_logs', { container_id: counter, tail: 2, timestamps: true });
      expect(stamped['lines']).toEqual([
        { stream: 'stdout', text: '49', timestamp: expect.stringMatching(TIMESTAMP) },
        { stream: 'stdout', text: '50', timestamp: expect.stringMatching(TIMESTAMP) },
      ]);
      expect(stamped['bytes']).toBe(stamped['lines'].reduce((sum: number, line: { text: string; timestamp: string }) => sum + line.timestamp.length + 1 + line.text.length + 1, 0));

      const lastHour = await call('orcaops_get_container_logs', { container_id: counter, since: '1h', tail: 1000 });
      expect(lastHour['lines']).toHaveLength(50);
      expect(lastHour['since']).toMatch(TIMESTAMP);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect((await call('orcaops_get_container_logs', { container_id: counter, since: future }))['lines']).toEqual([]);
    });

    it('keeps the newest part of a large log within max_bytes and flags it truncated', async () => {
      const chatty = await exitedAfter('seq 1 20000 | sed "s/^/line /"');
      const capped = await call('orcaops_get_container_logs', { container_id: chatty, tail: 10_000, max_bytes: 4096 });
      expect(capped['truncated']).toBe(true);
      expect(capped['bytes']).toBeLessThanOrEqual(4096);
      // max_bytes counts the text as encoded in JSON: "line 12345" is 12 bytes there, 11 in the log.
      expect(capped['bytes']).toBeGreaterThan(Math.floor(4096 / 12) * 11 - 11);
      expect(capped['lines'].at(-1)).toEqual({ stream: 'stdout', text: 'line 20000' });
      const first = Number(capped['lines'][0].text.slice(5));
      expect(capped['lines'].map((line: { text: string }) => line.text)).toEqual(Array.from({ length: 20_001 - first }, (_, i) => `line ${first + i}`));

      const byDefault = await call('orcaops_get_container_logs', { container_id: chatty, tail: 10_000 });
      expect(byDefault).toMatchObject({ truncated: true });
      expect(byDefault['bytes']).toBeLessThanOrEqual(64 * 1024);
      const whole = await call('orcaops_get_container_logs', { container_id: chatty, tail: 100 });
      expect(whole).toMatchObject({ truncated: false });
      expect(whole['lines']).toHaveLength(100);
    });
  });

  describe('orcaops_inspect_container', () => {
    it('summarises a running container, and adds the engine document only with raw=true', async () => {
      const details = await call('orcaops_inspect_container', { container_id: `orcaops-ct-${tag}-web` });
      expect(details).toMatchObject({
        id: short(web),
        full_id: web,
        name: `orcaops-ct-${tag}-web`,
        image: 'orcaops-test/busybox:latest',
        image_id: expect.stringMatching(/^sha256:/),
        state: 'running',
        running: true,
        exit_code: null,
        error: null,
        oom_killed: false,
        health: { status: expect.stringMatching(/^(starting|healthy)$/) },
        started_at: expect.any(String),
        finished_at: null,
        restart_count: 0,
        restart_policy: 'no',
        command: ['sh', '-c', 'sleep 300'],
        ports: [expect.stringMatching(/^127\.0\.0\.1:\d+->80\/tcp$/)],
        mounts: [{ type: 'volume', source: expect.stringMatching(/^[0-9a-f]{64}$/), destination: '/data', read_only: false }],
        networks: [{ name: 'bridge', ip_address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), aliases: [] }],
        labels: { [LABELS.managed]: 'true', role: 'web', [TEST_RUN_LABEL]: scope.runId },
        managed: true,
        limits: { cpus: 0.5, memory_bytes: 64 * 1024 * 1024, pids: 64 },
      });
      expect(details).not.toHaveProperty('raw');
      const raw = await call('orcaops_inspect_container', { container_id: short(web), raw: true });
      expect(raw['raw']).toMatchObject({ Id: web, Config: { Labels: { role: 'web' } }, HostConfig: { Memory: 64 * 1024 * 1024 } });
    });

    it('reports how an exited container ended', async () => {
      expect(await call('orcaops_inspect_container', { container_id: finished })).toMatchObject({
        state: 'exited',
        running: false,
        exit_code: 3,
        finished_at: expect.any(String),
        health: null,
        ports: [],
        mounts: [],
        managed: false,
        limits: { cpus: null, memory_bytes: null, pids: null },
      });
    });
  });

  describe('orcaops_stop_container and orcaops_remove_container', () => {
    it('stops a running container; stopping it again succeeds and says it was not running', async () => {
      const id = await scope.createContainer();
      expect(await call('orcaops_stop_container', { container_id: short(id), timeout: 5 })).toEqual({
        id: short(id),
        name: expect.any(String),
        was_running: true,
        previous_state: 'running',
        state: 'exited',
        exit_code: 143,
      });
      expect(await dockerCli(['inspect', '--format', '{{.State.Status}}', id])).toBe('exited');
      expect(await call('orcaops_stop_container', { container_id: id })).toMatchObject({ was_running: false, previous_state: 'exited', state: 'exited', exit_code: 143 });
    });

    it('refuses to remove a running container without force and leaves it running; force removes it', async () => {
      const name = `orcaops-ct-${tag}-doomed`;
      const id = await scope.createContainer({ name });
      const refused = await failure('orcaops_remove_container', { container_id: name });
      expect(refused.code).toBe('REMOVE_FAILED');
      expect(refused.suggestion).toMatch(/orcaops_stop_container/);
      expect(refused.suggestion).toMatch(/force=true/);
      expect(await dockerCli(['inspect', '--format', '{{.State.Status}}', id])).toBe('running');

      expect(await call('orcaops_remove_container', { container_id: name, force: true })).toEqual({
        id: short(id),
        name,
        removed: true,
        was_running: true,
        previous_state: 'running',
        volumes_removed: false,
      });
      await expect(dockerCli(['inspect', id])).rejects.toThrow(/No such/i);
      expect((await failure('orcaops_remove_container', { container_id: name })).code).toBe('CONTAINER_NOT_FOUND');
    });

    it('removes a stopped container, with its anonymous volumes when asked', async () => {
      const id = await scope.createContainer({ start: false, args: ['-v', '/scratch'] });
      const volume = await dockerCli(['inspect', '--format', '{{(index .Mounts 0).Name}}', id]);
      expect(await call('orcaops_remove_container', { container_id: id, volumes: true })).toMatchObject({ removed: true, was_running: false, volumes_removed: true });
      await expect(dockerCli(['inspect', id])).rejects.toThrow(/No such/i);
      await expect(dockerCli(['volume', 'inspect', volume])).rejects.toThrow(/No such volume/i);
    });
  });

  it.each([
    ['orcaops_get_container_logs', {}],
    ['orcaops_inspect_container', {}],
    ['orcaops_stop_container', {}],
    ['orcaops_remove_container', { force: true }],
  ])('%s answers CONTAINER_NOT_FOUND for an unknown container', async (name, args) => {
    const error = await failure(name, { container_id: `orcaops-no-such-${tag}`, ...args });
    expect(error.code).toBe('CONTAINER_NOT_FOUND');
    expect(error.message).toContain(`orcaops-no-such-${tag}`);
    expect(error.suggestion).toContain('orcaops_list_containers');
  });
});
