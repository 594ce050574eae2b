import { describe, expect, it } from '@jest/globals';
import { toCreateBody } from './create-body.js';

describe('toCreateBody', () => {
  it('maps every field of the spec to the Engine API body', () => {
    const body = toCreateBody({
      image: 'alpine:3',
      name: 'job-1',
      command: ['sh', '-c', 'echo "$GREETING" > out; exit 3'],
      entrypoint: ['/bin/tini', '--'],
      env: { GREETING: 'a b=c', EMPTY: '' },
      workdir: '/work',
      labels: { 'org.orcaops.managed': 'true' },
      init: true,
      network: 'none',
      nanoCpus: 500_000_000,
      memoryBytes: 64 * 1024 * 1024,
      pidsLimit: 64,
      user: '1000:1000',
      capDrop: ['ALL'],
      capAdd: ['CHOWN', 'SETUID'],
      noNewPrivileges: true,
      readonlyRootfs: true,
      volumes: ['/work'],
      tmpfs: { '/tmp': 'rw,nosuid,nodev' },
    });
    expect(body).toEqual({
      Image: 'alpine:3',
      Cmd: ['sh', '-c', 'echo "$GREETING" > out; exit 3'],
      Entrypoint: ['/bin/tini', '--'],
      Env: ['GREETING=a b=c', 'EMPTY='],
      WorkingDir: '/work',
      User: '1000:1000',
      Labels: { 'org.orcaops.managed': 'true' },
      Tty: false,
      OpenStdin: false,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: {
        Init: true,
        NetworkMode: 'none',
        NanoCpus: 500_000_000,
        Memory: 67_108_864,
        PidsLimit: 64,
        CapDrop: ['ALL'],
        CapAdd: ['CHOWN', 'SETUID'],
        SecurityOpt: ['no-new-privileges:true'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,nosuid,nodev' },
        Mounts: [{ Type: 'volume', Target: '/work' }],
      },
    });
    expect(body).not.toHaveProperty('name');
  });

  it('leaves out what the spec does not set, so the image and engine defaults apply', () => {
    expect(toCreateBody({ image: 'x', command: [], labels: {} })).toEqual({
      Image: 'x',
      Cmd: [],
      Labels: {},
      Tty: false,
      OpenStdin: false,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: {},
    });
  });

  it('clears the entrypoint for [] the way the Docker CLI does', () => {
    expect(toCreateBody({ image: 'x', command: ['echo'], entrypoint: [], labels: {} }).Entrypoint).toEqual(['']);
  });

  it('rejects an environment name that would change the meaning of KEY=VALUE', () => {
    expect(() => toCreateBody({ image: 'x', command: [], labels: {}, env: { 'A=B': 'c' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => toCreateBody({ image: 'x', command: [], labels: {}, env: { '': 'c' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('copies arrays and labels, so later changes to the spec do not leak into the body', () => {
    const command = ['echo', 'hi'];
    const labels: Record<string, string> = { a: '1' };
    const body = toCreateBody({ image: 'x', command, labels });
    command.push('more');
    labels['b'] = '2';
    expect(body.Cmd).toEqual(['echo', 'hi']);
    expect(body.Labels).toEqual({ a: '1' });
  });
});
