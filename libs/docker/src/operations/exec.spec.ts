import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { execInContainer, toExecBody } from './exec.js';
import { frame } from '../test-fixtures/frame.js';

/**
 * A real dockerode client whose modem answers the three calls of an exec: create (id `e1`), start (a stream the
 * test writes) and inspect (the given answers in turn), recording every request.
 */
function clientWithExec(inspections: Array<{ Running: boolean; ExitCode: number | null }>) {
  const client = new Dockerode({ socketPath: '/nonexistent/docker.sock' });
  const stream = new PassThrough();
  const requests: Array<Record<string, any>> = [];
  client.modem.dial = ((options: Record<string, any>, callback: (error: unknown, data: unknown) => void) => {
    requests.push({ ...options, options: { ...options['options'] } });
    const path = String(options['path']);
    const answer = path.endsWith('/exec') ? { Id: 'e1' } : path.endsWith('/start') ? stream : inspections.shift();
    setImmediate(() => callback(null, answer));
  }) as unknown as typeof client.modem.dial;
  return { client, stream, requests };
}

describe('toExecBody', () => {
  it('attaches stdout and stderr without a TTY, with argv as is and env as KEY=VALUE', () => {
    expect(toExecBody({ command: ['sh', '-c', 'echo "$A"'], env: { A: 'x=y', EMPTY: '' }, workdir: '/w', user: '1000' })).toEqual({
      Cmd: ['sh', '-c', 'echo "$A"'],
      Env: ['A=x=y', 'EMPTY='],
      WorkingDir: '/w',
      User: '1000',
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    expect(toExecBody({ command: ['true'] })).toEqual({ Cmd: ['true'], AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false });
    expect(() => toExecBody({ command: ['true'], env: { 'A=B': 'x' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});

describe('execInContainer (stream handling)', () => {
  it('creates, starts hijacked, demultiplexes, and asks again for the exit code until the exec has ended', async () => {
    const { client, stream, requests } = clientWithExec([
      { Running: true, ExitCode: null },
      { Running: false, ExitCode: 3 },
    ]);
    const out: string[] = [];
    const err: string[] = [];
    const done = execInContainer(client, 'abc', { command: ['ls'] }, { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) }, undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stream.end(Buffer.concat([frame(1, 'o'), frame(2, 'e')]));
    expect(await done).toBe(3);
    expect([out, err]).toEqual([['o'], ['e']]);
    expect(requests.map((r) => `${r['method']} ${r['path']}`)).toEqual(['POST /containers/abc/exec', 'POST /exec/e1/start', 'GET /exec/e1/json', 'GET /exec/e1/json']);
    expect(requests[0]!['options']).toMatchObject({ Cmd: ['ls'], AttachStdout: true, AttachStderr: true, Tty: false });
    expect(requests[1]).toMatchObject({ hijack: true, isStream: true, options: { Detach: false, Tty: false } });
  });

  it('on abort closes the stream, looks after the command and rejects with CANCELLED saying what became of it', async () => {
    const { client, stream, requests } = clientWithExec([{ Running: false, ExitCode: 137 }]);
    const controller = new AbortController();
    const done = execInContainer(client, 'abc', { command: ['sleep', '100'] }, { onStdout: () => {}, onStderr: () => {} }, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stream.write(frame(1, 'partial'));
    controller.abort();
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED', message: 'The command was cancelled; it had already ended.', details: { process: 'ended' } });
    expect(stream.destroyed).toBe(true);
    expect(requests.at(-1)).toMatchObject({ method: 'GET', path: '/exec/e1/json' });
  });

  it('rejects at once when the signal has already fired', async () => {
    const { client, requests } = clientWithExec([]);
    await expect(execInContainer(client, 'abc', { command: ['true'] }, { onStdout: () => {}, onStderr: () => {} }, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toEqual([]);
  });
});
