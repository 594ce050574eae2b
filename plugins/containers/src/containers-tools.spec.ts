import { describe, expect, it } from '@jest/globals';
import { LABELS, OrcaError, type ContainerDetails, type OutputHandlers } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData, callToolError, toolNamed } from '@orcaops/testing';
import { createContainerTools } from './containers-tools.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const FULL_ID = 'a'.repeat(12) + 'b'.repeat(52);

function setup(options: { maxReadBytes?: number } = {}) {
  const docker = new FakeDockerService();
  const tools = createContainerTools(docker, { now: () => NOW, ...options });
  const tool = (name: string) => toolNamed(tools, name);
  const call = (name: string, args: Record<string, unknown>) => callToolData(tool(name), args);
  const failure = (name: string, args: Record<string, unknown>) => callToolError(tool(name), args);
  return { docker, tools, tool, call, failure };
}

/** Replaces the fake's log reader with one that emits the given chunks, recording the options it got. */
function scriptLogs(docker: FakeDockerService, chunks: ReadonlyArray<readonly ['stdout' | 'stderr', string | Buffer]>) {
  const seen: Array<Record<string, unknown>> = [];
  docker.streamLogs = async (id: string, handlers: OutputHandlers, options: Record<string, unknown> = {}) => {
    const { signal: _signal, ...rest } = options;
    seen.push({ id, ...rest });
    for (const [stream, data] of chunks) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      if (stream === 'stdout') handlers.onStdout(chunk);
      else handlers.onStderr(chunk);
    }
  };
  return seen;
}

describe('the containers plugin', () => {
  it('declares six tools in the containers category, read-only ones and destructive ones marked', () => {
    const { tools } = setup();
    expect(tools.map((tool) => tool.name)).toEqual([
      'orcaops_list_containers',
      'orcaops_get_container_stats',
      'orcaops_get_container_logs',
      'orcaops_inspect_container',
      'orcaops_stop_container',
      'orcaops_remove_container',
    ]);
    for (const tool of tools) {
      expect(tool.category).toBe('containers');
      expect(tool.description.length).toBeGreaterThan(100);
    }
    expect(tools.slice(0, 4).map((tool) => tool.annotations.readOnlyHint)).toEqual([true, true, true, true]);
    expect(tools[4]!.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false });
    expect(tools[5]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('keeps the specification\'s parameter names and defaults', () => {
    const { tool } = setup();
    expect(tool('orcaops_list_containers').input.parse({})).toEqual({ all: false, managed_only: false, offset: 0, limit: 200 });
    expect(tool('orcaops_get_container_logs').input.parse({ container_id: 'web' })).toEqual({ container_id: 'web', tail: 100, timestamps: false, max_bytes: 65_536 });
    expect(tool('orcaops_inspect_container').input.parse({ container_id: 'web' })).toEqual({ container_id: 'web', raw: false });
    expect(tool('orcaops_stop_container').input.parse({ container_id: 'web' })).toEqual({ container_id: 'web', timeout: 10 });
    expect(tool('orcaops_remove_container').input.parse({ container_id: 'web' })).toEqual({ container_id: 'web', force: false, volumes: false });
  });

  it.each([
    ['orcaops_inspect_container', { container_id: '../../images/json' }, 'container_id'],
    ['orcaops_stop_container', { container_id: 'web?force=1' }, 'container_id'],
    ['orcaops_remove_container', { container_id: '' }, 'container_id'],
    ['orcaops_get_container_logs', { container_id: 'web', tail: 0 }, 'tail'],
    ['orcaops_get_container_logs', { container_id: 'web', tail: 10_001 }, 'tail'],
    ['orcaops_get_container_logs', { container_id: 'web', max_bytes: 2 * 1024 * 1024 }, 'max_bytes'],
    ['orcaops_get_container_logs', { container_id: 'web', max_bytes: 10 }, 'max_bytes'],
    ['orcaops_get_container_logs', { container_id: 'web', since: 'yesterday' }, 'since'],
    ['orcaops_get_container_logs', { container_id: 'web', since: '2024-05-01T10:00:00' }, 'since'],
    ['orcaops_stop_container', { container_id: 'web', timeout: -1 }, 'timeout'],
    ['orcaops_list_containers', { status: ['sleeping'] }, 'status'],
    ['orcaops_list_containers', { label: ['=value'] }, 'label'],
    ['orcaops_list_containers', { name: 'a b' }, 'name'],
  ])('%s refuses %j naming %s', (name, args, field) => {
    const result = setup().tool(name).input.safeParse(args);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe(field);
  });
});

describe('orcaops_list_containers', () => {
  function world() {
    const context = setup();
    const { docker } = context;
    docker.add({
      id: FULL_ID,
      name: 'web-1',
      state: 'running',
      status: 'Up 2 minutes (healthy)',
      health: 'healthy',
      managed: true,
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
        { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
        { containerPort: 443, protocol: 'tcp' },
      ],
      labels: { team: 'web', tier: 'front' },
    });
    docker.add({ id: 'db-1', name: 'db', state: 'running', status: 'Up', labels: { team: 'data' }, ports: [], health: null });
    docker.add({ id: 'old-web', name: 'web-old', state: 'exited', status: 'Exited (1) 3 days ago', labels: { team: 'web' }, ports: [], health: null });
    docker.add({ id: 'job-1', name: 'orcaops-job-1', state: 'created', status: 'Created', managed: true, ports: [], health: null });
    return context;
  }

  const ids = (result: Record<string, any>) => result['containers'].map((row: { id: string }) => row.id);

  it('lists running containers by default and all with all=true, as rows with short ids, readable ports and managed marked', async () => {
    const { call } = world();
    const running = await call('orcaops_list_containers', {});
    expect(ids(running)).toEqual(['aaaaaaaaaaaa', 'db-1']);
    expect(running['containers'][0]).toEqual({
      id: 'aaaaaaaaaaaa',
      name: 'web-1',
      image: 'fake:latest',
      state: 'running',
      status: 'Up 2 minutes (healthy)',
      health: 'healthy',
      ports: ['127.0.0.1:8080->80/tcp', '[::]:8080->80/tcp', '443/tcp'],
      created_at: new Date(0).toISOString(),
      managed: true,
    });
    expect(running['containers'][1]).toMatchObject({ managed: false, health: null, ports: [] });
    expect(running).toMatchObject({ total: 2, truncated: false });
    expect(ids(await call('orcaops_list_containers', { all: true }))).toEqual(['aaaaaaaaaaaa', 'db-1', 'old-web', 'job-1']);
  });

  it('filters by label (key or key=value, all must match), managed_only and name', async () => {
    const { call } = world();
    expect(ids(await call('orcaops_list_containers', { all: true, label: ['team=web'] }))).toEqual(['aaaaaaaaaaaa', 'old-web']);
    expect(ids(await call('orcaops_list_containers', { all: true, label: ['team=web', 'tier'] }))).toEqual(['aaaaaaaaaaaa']);
    expect(ids(await call('orcaops_list_containers', { all: true, managed_only: true }))).toEqual(['aaaaaaaaaaaa', 'job-1']);
    expect(ids(await call('orcaops_list_containers', { all: true, name: 'web' }))).toEqual(['aaaaaaaaaaaa', 'old-web']);
    // The engine matches names as a regular expression ("." is any character); the tool keeps substrings only.
    expect(ids(await call('orcaops_list_containers', { all: true, name: 'web.1' }))).toEqual([]);
  });

  it('passes the filters to the engine', async () => {
    const { docker, call } = world();
    const queries: unknown[] = [];
    const original = docker.listContainers.bind(docker);
    docker.listContainers = async (query, options) => {
      queries.push(query);
      return original(query, options);
    };
    await call('orcaops_list_containers', { name: '/web', label: ['team=web', 'tier'], managed_only: true });
    expect(queries).toEqual([{ all: false, name: 'web', labels: { team: 'web', tier: true, [LABELS.managed]: 'true' } }]);
  });

  it('lists stopped containers when a status is given, even without all', async () => {
    const { call } = world();
    expect(ids(await call('orcaops_list_containers', { status: ['exited', 'created'] }))).toEqual(['old-web', 'job-1']);
  });

  it('refuses a label key given with two values, and caps the rows at limit', async () => {
    const { call, failure } = world();
    expect((await failure('orcaops_list_containers', { label: ['team=web', 'team=data'] })).code).toBe('VALIDATION_ERROR');
    expect(await call('orcaops_list_containers', { all: true, limit: 1 })).toMatchObject({ containers: [{ id: 'aaaaaaaaaaaa' }], total: 4, truncated: true });
  });

  it('reports the engine being down as the engine\'s error', async () => {
    const { docker, failure } = world();
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'nothing at unix:///x.sock');
    expect((await failure('orcaops_list_containers', {})).code).toBe('DOCKER_UNAVAILABLE');
  });
});

describe('orcaops_get_container_logs', () => {
  function withContainer(options: { maxReadBytes?: number } = {}) {
    const context = setup(options);
    context.docker.add({ id: FULL_ID, name: 'web', state: 'running', status: 'Up', ports: [], health: null });
    return context;
  }

  it('returns the lines of both streams in order, tagged with their stream', async () => {
    const { docker, call } = withContainer();
    scriptLogs(docker, [
      ['stdout', 'out 1\nout '],
      ['stderr', 'err 1\n'],
      ['stdout', '2\n'],
    ]);
    expect(await call('orcaops_get_container_logs', { container_id: FULL_ID })).toEqual({
      id: 'aaaaaaaaaaaa',
      name: 'web',
      state: 'running',
      tail: 100,
      since: null,
      lines: [
        { stream: 'stdout', text: 'out 1' },
        { stream: 'stderr', text: 'err 1' },
        { stream: 'stdout', text: 'out 2' },
      ],
      bytes: 18,
      replaced: 0,
      truncated: false,
    });
  });

  it('asks the engine for the tail, timestamps and since (a duration back from now, or an ISO time) in Unix seconds', async () => {
    const { docker, call } = withContainer();
    const seen = scriptLogs(docker, [['stdout', '2024-05-01T11:59:00.5Z hi\n']]);
    const result = await call('orcaops_get_container_logs', { container_id: FULL_ID, tail: 5, since: '10m', timestamps: true });
    expect(seen).toEqual([{ id: FULL_ID, tail: 5, timestamps: true, since: Date.parse('2024-05-01T11:50:00Z') / 1000 }]);
    expect(result).toMatchObject({ since: '2024-05-01T11:50:00.000Z', lines: [{ stream: 'stdout', text: 'hi', timestamp: '2024-05-01T11:59:00.5Z' }] });

    await call('orcaops_get_container_logs', { container_id: FULL_ID, since: '2024-04-30T23:00:00.750-01:00' });
    expect(seen[1]).toEqual({ id: FULL_ID, tail: 100, timestamps: false, since: Date.parse('2024-05-01T00:00:00Z') / 1000 });
  });

  it('keeps the newest max_bytes of a large log and says it truncated', async () => {
    const { docker, call } = withContainer();
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${String(i).padStart(5, '0')}\n`); // 11 bytes each
    scriptLogs(docker, [['stdout', lines.join('')], ['stderr', 'last words\n']]);
    const result = await call('orcaops_get_container_logs', { container_id: FULL_ID, max_bytes: 1024 });
    expect(result['truncated']).toBe(true);
    expect(result['bytes']).toBeLessThanOrEqual(1024);
    expect(result['lines'].at(-1)).toEqual({ stream: 'stderr', text: 'last words' });
    expect(result['lines'].at(-2)).toEqual({ stream: 'stdout', text: 'line 09999' });
    expect(result['lines'][0]).toEqual({ stream: 'stdout', text: `line ${String(10_000 - (result['lines'].length - 1)).padStart(5, '0')}` });
    // max_bytes counts each line's text as encoded in JSON: 12 bytes with its quotes.
    expect(result['lines'].length).toBe(1 + Math.floor((1024 - 12) / 12));
  });

  it('stops reading a log far larger than it could return (LIMIT_EXCEEDED), instead of reading all of it', async () => {
    const { docker, failure } = withContainer({ maxReadBytes: 1024 * 1024 });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let emitted = 0;
    docker.streamLogs = async (_id: string, handlers: OutputHandlers) => {
      for (let i = 0; i < 100_000; i++) {
        handlers.onStdout(chunk);
        emitted += 1;
      }
    };
    const error = await failure('orcaops_get_container_logs', { container_id: FULL_ID });
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.suggestion).toMatch(/tail|since/);
    expect(emitted).toBe(16);
  });

  it('reads the fake engine\'s scripted output of a container it ran', async () => {
    const { docker, call } = setup();
    docker.addImage('img');
    docker.script = () => ({ output: [{ stream: 'stdout', data: 'out\n' }, { stream: 'stderr', data: 'err\n' }] });
    const id = await docker.createContainer({ image: 'img', command: ['x'], labels: {} });
    await docker.startContainer(id);
    const result = await call('orcaops_get_container_logs', { container_id: id });
    expect(result['lines']).toEqual([
      { stream: 'stdout', text: 'out' },
      { stream: 'stderr', text: 'err' },
    ]);
    expect(result['state']).toBe('exited');
  });
});

describe('orcaops_inspect_container', () => {
  const details: ContainerDetails = {
    id: FULL_ID,
    name: 'web',
    image: 'nginx:1',
    imageId: 'sha256:abc',
    state: 'exited',
    running: false,
    exitCode: 137,
    startedAt: '2024-05-01T10:00:00Z',
    finishedAt: '2024-05-01T11:00:00Z',
    labels: { [LABELS.managed]: 'true', team: 'web' },
    command: ['nginx', '-g', 'daemon off;'],
    createdAt: '2024-05-01T09:59:00Z',
    oomKilled: true,
    restartCount: 2,
    error: null,
    health: { status: 'unhealthy', failingStreak: 3, lastOutput: 'curl: (7) refused' },
    ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
    mounts: [{ type: 'bind', source: '/srv/www', destination: '/usr/share/nginx/html', readOnly: true }],
    networks: [{ name: 'bridge', ipAddress: '172.17.0.2', aliases: [] }],
    limits: { nanoCpus: 1_500_000_000, memoryBytes: 268_435_456, pidsLimit: 0 },
    restartPolicy: 'on-failure',
  };

  function withDetails() {
    const context = setup();
    const asked: Array<{ id: string; raw: boolean | undefined }> = [];
    context.docker.describeContainer = async (id, options = {}) => {
      asked.push({ id, raw: options.raw });
      if (id !== FULL_ID && id !== 'web') throw new OrcaError('CONTAINER_NOT_FOUND', `No container "${id}".`);
      return options.raw ? { ...details, raw: { Id: FULL_ID, Config: {} } } : details;
    };
    return { ...context, asked };
  }

  it('returns the curated summary, without the engine document unless raw=true', async () => {
    const { call, asked } = withDetails();
    const result = await call('orcaops_inspect_container', { container_id: '/web' });
    expect(result).toEqual({
      id: 'aaaaaaaaaaaa',
      full_id: FULL_ID,
      name: 'web',
      image: 'nginx:1',
      image_id: 'sha256:abc',
      state: 'exited',
      running: false,
      exit_code: 137,
      error: null,
      oom_killed: true,
      health: { status: 'unhealthy', failing_streak: 3, last_output: 'curl: (7) refused' },
      created_at: '2024-05-01T09:59:00Z',
      started_at: '2024-05-01T10:00:00Z',
      finished_at: '2024-05-01T11:00:00Z',
      restart_count: 2,
      restart_policy: 'on-failure',
      command: ['nginx', '-g', 'daemon off;'],
      ports: ['127.0.0.1:8080->80/tcp'],
      mounts: [{ type: 'bind', source: '/srv/www', destination: '/usr/share/nginx/html', read_only: true }],
      networks: [{ name: 'bridge', ip_address: '172.17.0.2', aliases: [] }],
      labels: { [LABELS.managed]: 'true', team: 'web' },
      managed: true,
      limits: { cpus: 1.5, memory_bytes: 268_435_456, pids: null },
    });
    expect(asked).toEqual([{ id: 'web', raw: false }]);
    expect((await call('orcaops_inspect_container', { container_id: 'web', raw: true }))['raw']).toEqual({ Id: FULL_ID, Config: {} });
  });
});

describe('orcaops_stop_container', () => {
  it('stops a running container and reports how it ended; stopping it again succeeds and says it was not running', async () => {
    const { docker, call } = setup();
    docker.add({ id: 'web', state: 'running', status: 'Up', ports: [], health: null });
    expect(await call('orcaops_stop_container', { container_id: 'web', timeout: 3 })).toEqual({
      id: 'web',
      name: 'web',
      was_running: true,
      previous_state: 'running',
      state: 'exited',
      exit_code: 143,
    });
    expect(await call('orcaops_stop_container', { container_id: 'web' })).toMatchObject({ was_running: false, previous_state: 'exited', state: 'exited' });
  });

  it('passes the grace period to the engine', async () => {
    const { docker, call } = setup();
    docker.add({ id: 'web', state: 'running', status: 'Up', ports: [], health: null });
    const timeouts: Array<number | undefined> = [];
    const original = docker.stopContainer.bind(docker);
    docker.stopContainer = async (id, options = {}) => {
      timeouts.push(options.timeoutSeconds);
      return original(id, options);
    };
    await call('orcaops_stop_container', { container_id: 'web', timeout: 0 });
    await call('orcaops_stop_container', { container_id: 'web' });
    expect(timeouts).toEqual([0, 10]);
  });
});

describe('orcaops_remove_container', () => {
  it('refuses a running container without force, naming both ways out, and leaves it alone', async () => {
    const { docker, failure } = setup();
    docker.add({ id: 'web', state: 'running', status: 'Up', ports: [], health: null });
    const error = await failure('orcaops_remove_container', { container_id: 'web' });
    expect(error.code).toBe('REMOVE_FAILED');
    expect(error.message).toContain('running');
    expect(error.suggestion).toMatch(/orcaops_stop_container/);
    expect(error.suggestion).toMatch(/force=true/);
    expect(docker.containers.has('web')).toBe(true);
  });

  it('removes a running container with force, and a stopped one without', async () => {
    const { docker, call } = setup();
    docker.add({ id: 'web', state: 'running', status: 'Up', ports: [], health: null });
    docker.add({ id: 'old', state: 'exited', status: 'Exited (0)', ports: [], health: null });
    expect(await call('orcaops_remove_container', { container_id: 'web', force: true })).toEqual({
      id: 'web',
      name: 'web',
      removed: true,
      was_running: true,
      previous_state: 'running',
      volumes_removed: false,
    });
    expect(await call('orcaops_remove_container', { container_id: 'old', volumes: true })).toMatchObject({ removed: true, was_running: false, volumes_removed: true });
    expect(docker.removed).toEqual(['web', 'old']);
  });

  it('turns the engine refusing a container that started meanwhile into REMOVE_FAILED', async () => {
    const { docker, failure } = setup();
    docker.add({ id: 'web', state: 'exited', status: 'Exited (0)', ports: [], health: null });
    docker.removeContainer = async () => {
      throw new OrcaError('CONFLICT', 'Conflict while removing container web: You cannot remove a running container web. Stop the container before attempting removal or force remove');
    };
    expect((await failure('orcaops_remove_container', { container_id: 'web' })).code).toBe('REMOVE_FAILED');
  });
});

describe('unknown containers', () => {
  it.each([
    ['orcaops_get_container_logs', { container_id: 'nope' }],
    ['orcaops_inspect_container', { container_id: 'nope' }],
    ['orcaops_stop_container', { container_id: 'nope' }],
    ['orcaops_remove_container', { container_id: 'nope', force: true }],
  ])('%s answers CONTAINER_NOT_FOUND with a suggestion to list containers', async (name, args) => {
    const { failure } = setup();
    const error = await failure(name, args);
    expect(error.code).toBe('CONTAINER_NOT_FOUND');
    expect(error.message).toContain('nope');
    expect(error.suggestion).toContain('orcaops_list_containers');
  });
});
