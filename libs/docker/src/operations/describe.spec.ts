import { describe, expect, it } from '@jest/globals';
import type Dockerode from 'dockerode';
import { toContainerDetails } from './describe.js';

/** An inspect document as the engine sends it, including the nulls and empty strings its typings leave out. */
function inspected(overrides: { State?: object; HostConfig?: object; NetworkSettings?: object; Mounts?: object[] } = {}): Dockerode.ContainerInspectInfo {
  return {
    Id: 'abc',
    Name: '/web',
    Created: '2024-05-01T10:00:00.123456789Z',
    Path: 'nginx',
    Args: ['-g', 'daemon off;', ''],
    Image: 'sha256:img',
    RestartCount: 2,
    State: {
      Status: 'running',
      Running: true,
      OOMKilled: false,
      ExitCode: 0,
      Error: '',
      StartedAt: '2024-05-01T10:00:01Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      ...overrides.State,
    },
    Config: { Image: 'nginx:1', Labels: { team: 'x' } },
    HostConfig: { NanoCpus: 0, Memory: 67_108_864, PidsLimit: null, RestartPolicy: { Name: '', MaximumRetryCount: 0 }, ...overrides.HostConfig },
    Mounts: overrides.Mounts ?? [
      { Type: 'bind', Source: '/srv/site', Destination: '/usr/share/nginx/html', Mode: 'ro', RW: false, Propagation: 'rprivate' },
      { Type: 'volume', Name: 'cache', Source: '/var/lib/docker/volumes/cache/_data', Destination: '/cache', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
    ],
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null },
      Networks: {
        bridge: { Aliases: null, IPAddress: '172.17.0.2' },
        app: { Aliases: ['web', 'abc'], IPAddress: '' },
      },
      ...overrides.NetworkSettings,
    },
  } as unknown as Dockerode.ContainerInspectInfo;
}

describe('toContainerDetails', () => {
  it('curates the inspect document', () => {
    const details = toContainerDetails(inspected());
    expect(details).toEqual({
      id: 'abc',
      name: 'web',
      image: 'nginx:1',
      imageId: 'sha256:img',
      state: 'running',
      running: true,
      exitCode: null,
      startedAt: '2024-05-01T10:00:01Z',
      finishedAt: null,
      labels: { team: 'x' },
      command: ['nginx', '-g', 'daemon off;', ''],
      createdAt: '2024-05-01T10:00:00.123456789Z',
      oomKilled: false,
      restartCount: 2,
      error: null,
      health: null,
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
        { containerPort: 443, protocol: 'tcp' },
      ],
      mounts: [
        { type: 'bind', source: '/srv/site', destination: '/usr/share/nginx/html', readOnly: true },
        { type: 'volume', source: 'cache', destination: '/cache', readOnly: false },
      ],
      networks: [
        { name: 'bridge', ipAddress: '172.17.0.2', aliases: [] },
        { name: 'app', ipAddress: null, aliases: ['web', 'abc'] },
      ],
      limits: { nanoCpus: 0, memoryBytes: 67_108_864, pidsLimit: 0 },
      restartPolicy: 'no',
    });
    expect('raw' in details).toBe(false);
  });

  it('adds the engine document as raw only when asked', () => {
    const info = inspected();
    expect(toContainerDetails(info, true).raw).toBe(info);
  });

  it('reads health from the last check, its output trimmed and capped', () => {
    const log = (output: string) => ({ Start: '', End: '', ExitCode: 1, Output: output });
    const unhealthy = toContainerDetails(inspected({ State: { Health: { Status: 'unhealthy', FailingStreak: 3, Log: [log('old'), log('  connection refused\n')] } } }));
    expect(unhealthy.health).toEqual({ status: 'unhealthy', failingStreak: 3, lastOutput: 'connection refused' });

    const long = toContainerDetails(inspected({ State: { Health: { Status: 'unhealthy', FailingStreak: 1, Log: [log('x'.repeat(5000))] } } }));
    expect(long.health?.lastOutput).toHaveLength(2049);
    expect(long.health?.lastOutput?.endsWith('…')).toBe(true);

    expect(toContainerDetails(inspected({ State: { Health: { Status: 'starting', FailingStreak: 0, Log: [] } } })).health).toEqual({ status: 'starting', failingStreak: 0, lastOutput: null });
    expect(toContainerDetails(inspected({ State: { Health: { Status: 'none', FailingStreak: 0, Log: [] } } })).health).toBeNull();
  });

  it('reads unset, null and negative limits as 0 (unlimited), and keeps the engine error and restart policy', () => {
    const details = toContainerDetails(
      inspected({
        State: { Status: 'created', Running: false, Error: 'OCI runtime create failed: exec: "nope": not found' },
        HostConfig: { NanoCpus: 500_000_000, Memory: null, PidsLimit: -1, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
      }),
    );
    expect(details.limits).toEqual({ nanoCpus: 500_000_000, memoryBytes: 0, pidsLimit: 0 });
    expect(details.error).toBe('OCI runtime create failed: exec: "nope": not found');
    expect(details.restartPolicy).toBe('on-failure');
  });

  it('reads a container without mounts, networks or ports', () => {
    const details = toContainerDetails(inspected({ Mounts: [], NetworkSettings: { Ports: {}, Networks: {} } }));
    expect([details.mounts, details.networks, details.ports]).toEqual([[], [], []]);
  });
});
