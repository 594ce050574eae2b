import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { streamLogs } from './logs.js';
import { frame } from '../test-fixtures/frame.js';

/** A dockerode client whose modem answers every dial with a stream the test writes, recording the request. */
function clientWithLogStream(): { client: Dockerode; stream: PassThrough; requests: Array<Record<string, unknown>> } {
  const client = new Dockerode({ socketPath: '/nonexistent/docker.sock' });
  const stream = new PassThrough();
  const requests: Array<Record<string, unknown>> = [];
  client.modem.dial = ((options: Record<string, unknown>, callback: (error: unknown, data: unknown) => void) => {
    requests.push(options);
    setImmediate(() => callback(null, stream));
  }) as unknown as typeof client.modem.dial;
  return { client, stream, requests };
}

/** The parts of an inspect document the state reading uses. */
const inspected = (running: boolean) => ({
  Id: 'abc',
  Name: '/abc',
  Image: 'sha256:1',
  Config: { Image: 'busybox', Labels: {} },
  State: { Status: running ? 'running' : 'exited', Running: running, ExitCode: 0, StartedAt: '', FinishedAt: '' },
});

describe('streamLogs (stream handling)', () => {
  it('always asks for a stream (dockerode would buffer everything without follow) and demultiplexes it', async () => {
    const { client, stream, requests } = clientWithLogStream();
    const out: string[] = [];
    const err: string[] = [];
    const done = streamLogs(client, 'abc', { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) }, { since: 42 });
    await new Promise((resolve) => setImmediate(resolve));
    stream.end(Buffer.concat([frame(1, 'o'), frame(2, 'e')]));
    await done;
    expect(out).toEqual(['o']);
    expect(err).toEqual(['e']);
    expect(requests[0]).toMatchObject({ path: '/containers/abc/logs?', isStream: true, options: { follow: false, stdout: true, stderr: true, since: 42 } });
  });

  it('passes tail and timestamps to the engine, and leaves them out when not asked', async () => {
    const { client, stream, requests } = clientWithLogStream();
    const done = streamLogs(client, 'abc', { onStdout: () => {}, onStderr: () => {} }, { tail: 5, timestamps: true });
    await new Promise((resolve) => setImmediate(resolve));
    stream.end();
    await done;
    expect(requests[0]!['options']).toEqual({ follow: false, stdout: true, stderr: true, tail: '5', timestamps: true });

    const plain = clientWithLogStream();
    const second = streamLogs(plain.client, 'abc', { onStdout: () => {}, onStderr: () => {} }, {});
    await new Promise((resolve) => setImmediate(resolve));
    plain.stream.end();
    await second;
    expect(plain.requests[0]!['options']).toEqual({ follow: false, stdout: true, stderr: true });
  });

  it('rejects with an AbortError and destroys the stream when the signal fires while following', async () => {
    const { client, stream } = clientWithLogStream();
    const controller = new AbortController();
    const done = streamLogs(client, 'abc', { onStdout: () => {}, onStderr: () => {} }, { follow: true, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(frame(1, 'partial'));
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(stream.destroyed).toBe(true);
  });

  it('completes a follow the engine ended early: follows again while the container runs, then reads the rest without follow', async () => {
    const client = new Dockerode({ socketPath: '/nonexistent/docker.sock' });
    const full = Buffer.concat([frame(1, 'one\n'), frame(2, 'warn\n'), frame(1, 'two\n'), frame(1, 'three\n'), frame(2, 'done\n')]);
    // Each answer in turn: a follow that stops after 'one', 'warn' and part of 'two'; the container still runs; a
    // second follow that stops after 'two'; the container has exited; the whole log without follow.
    const answers: unknown[] = [
      Buffer.concat([frame(1, 'one\n'), frame(2, 'warn\n'), frame(1, 'tw')]),
      inspected(true),
      Buffer.concat([frame(1, 'one\n'), frame(2, 'warn\n'), frame(1, 'two\n')]),
      inspected(false),
      full,
    ];
    const requests: string[] = [];
    client.modem.dial = ((options: Record<string, any>, callback: (error: unknown, data: unknown) => void) => {
      requests.push(`${options['path']} ${options['options']?.follow ?? ''}`);
      const answer = answers.shift();
      setImmediate(() => callback(null, Buffer.isBuffer(answer) ? PassThrough.from([answer]) : answer));
    }) as unknown as typeof client.modem.dial;
    let out = '';
    let err = '';
    await streamLogs(client, 'abc', { onStdout: (c) => (out += c), onStderr: (c) => (err += c) }, { follow: true });
    expect([out, err]).toEqual(['one\ntwo\nthree\n', 'warn\ndone\n']);
    expect(requests).toEqual(['/containers/abc/logs? true', '/containers/abc/json? ', '/containers/abc/logs? true', '/containers/abc/json? ', '/containers/abc/logs? false']);
  });
});
