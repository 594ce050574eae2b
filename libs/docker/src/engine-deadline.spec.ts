import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isOrcaError } from '@orcaops/plugin-api';
import { silentLogger, startHungEngine } from '@orcaops/testing';
import { deadlineFor, DEFAULT_TIMEOUTS } from './connection/deadlines.js';
import { DockerodeService } from './dockerode-service.js';

const short = { readMs: 100, operationMs: 100, streamStartMs: 100 };

/** Settles to what the promise gave, so that a test can look at a rejection's code. */
function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => (isOrcaError(error) ? { code: error.code, suggestion: error.suggestion, details: error.details } : { error }),
  );
}

describe('DockerodeService against an engine that accepts connections and never answers', () => {
  let engine: Awaited<ReturnType<typeof startHungEngine>>;
  let docker: DockerodeService;
  beforeAll(async () => {
    // Headers for a log follow, then silence: a quiet container's follow must not be cut off.
    engine = await startHungEngine({ respond: (line) => (/\/logs\?/.test(line) && /follow=true/.test(line) ? 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nTransfer-Encoding: chunked\r\n\r\n' : undefined) });
    docker = new DockerodeService({ env: { DOCKER_HOST: engine.address }, timeouts: short }, silentLogger);
  });
  afterAll(() => engine.close());

  it.each([
    ['listContainers', () => docker.listContainers({ all: true })],
    ['info', () => docker.info()],
    ['ping', () => docker.ping()],
    ['inspectContainer', () => docker.inspectContainer('abc')],
    ['removeContainer', () => docker.removeContainer('abc', { force: true })],
    ['stopContainer', () => docker.stopContainer('abc', { timeoutSeconds: 0 })],
    ['containerStats', () => docker.containerStats('abc')],
  ])('%s rejects with DOCKER_UNAVAILABLE naming what to check and the setting', async (_name, call) => {
    const result = await outcome(call());
    expect(result).toMatchObject({ code: 'DOCKER_UNAVAILABLE', suggestion: expect.stringMatching(/dockerd.*docker\.timeouts\./s), details: { setting: expect.stringMatching(/^docker\.timeouts\./) } });
  });

  it('reports a stream whose headers never come, under the stream setting', async () => {
    const result = await outcome(docker.streamLogs('abc', { onStdout: () => undefined, onStderr: () => undefined }, { follow: false }));
    expect(result).toMatchObject({ code: 'DOCKER_UNAVAILABLE', details: { setting: 'docker.timeouts.streamStartMs' } });
  });

  it('leaves a wait and a follow that already has its headers running past the deadline; a cancel still ends them', async () => {
    const cancel = new AbortController();
    let waitSettled = false;
    let followSettled = false;
    const wait = outcome(docker.waitContainer('abc', { signal: cancel.signal })).finally(() => (waitSettled = true));
    const follow = outcome(docker.streamLogs('abc', { onStdout: () => undefined, onStderr: () => undefined }, { follow: true, tail: 1, signal: cancel.signal })).finally(() => (followSettled = true));
    // A read made after both has passed its deadline, so theirs would have too.
    await expect(outcome(docker.inspectContainer('abc'))).resolves.toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
    expect({ waitSettled, followSettled }).toEqual({ waitSettled: false, followSettled: false });
    cancel.abort();
    await expect(wait).resolves.toMatchObject({ code: 'CANCELLED' });
    await expect(follow).resolves.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports a cancel before the deadline as CANCELLED, not as an engine failure', async () => {
    const slow = new DockerodeService({ env: { DOCKER_HOST: engine.address }, timeouts: { readMs: 600_000 } }, silentLogger);
    const cancel = new AbortController();
    const pending = outcome(slow.listContainers({}, { signal: cancel.signal }));
    cancel.abort();
    await expect(pending).resolves.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('deadlineFor', () => {
  const t = DEFAULT_TIMEOUTS;
  it('gives reads, changes and stream starts their own deadline, and none to what runs as long as the container', () => {
    expect(deadlineFor({ method: 'GET', path: '/containers/json?' }, t)).toEqual({ ms: t.readMs, setting: 'readMs' });
    expect(deadlineFor({ method: 'DELETE', path: '/containers/abc?' }, t)).toEqual({ ms: t.operationMs, setting: 'operationMs' });
    expect(deadlineFor({ method: 'POST', path: '/containers/abc/stop?', options: { t: 30 } }, t)).toEqual({ ms: t.operationMs + 30_000, setting: 'operationMs' });
    expect(deadlineFor({ method: 'GET', path: '/containers/abc/logs?', isStream: true }, t)).toEqual({ ms: t.streamStartMs, setting: 'streamStartMs' });
    expect(deadlineFor({ method: 'POST', path: '/exec/e1/start', isStream: true, hijack: true }, t)).toEqual({ ms: t.streamStartMs, setting: 'streamStartMs' });
    expect(deadlineFor({ method: 'POST', path: '/images/create?', isStream: true }, t)).toEqual({ ms: t.operationMs, setting: 'operationMs' });
    expect(deadlineFor({ method: 'POST', path: '/build?', isStream: true, file: Buffer.alloc(1) }, t)).toEqual({ ms: t.operationMs, setting: 'operationMs' });
    expect(deadlineFor({ method: 'POST', path: '/build?', isStream: true, file: process.stdin }, t)).toBeNull();
    expect(deadlineFor({ method: 'POST', path: '/containers/abc/wait?' }, t)).toBeNull();
    expect(deadlineFor({ method: 'PUT', path: '/containers/abc/archive?', isStream: true, file: process.stdin }, t)).toBeNull();
    expect(deadlineFor({ method: 'GET', path: '/info' }, { ...t, readMs: 0 })).toBeNull();
  });
});
