import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import { OrcaError, type ExecSpec, type OutputHandlers } from '@orcaops/plugin-api';
import { consume, throwIfAborted } from '../streams/consume.js';
import { Demuxer } from '../streams/demux.js';
import { toEnvList } from './create-body.js';
import { stopExec } from './stop-exec.js';

/** The Engine API body of `POST /containers/{id}/exec`. */
export interface ExecBody {
  Cmd: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  AttachStdin: false;
  AttachStdout: true;
  AttachStderr: true;
  Tty: false;
}

/** No TTY, so the output is multiplexed and stdout and stderr stay apart; argv as is, never through a shell. */
export function toExecBody(spec: ExecSpec): ExecBody {
  const body: ExecBody = { Cmd: [...spec.command], AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false };
  if (spec.env !== undefined) body.Env = toEnvList(spec.env);
  if (spec.workdir !== undefined) body.WorkingDir = spec.workdir;
  if (spec.user !== undefined) body.User = spec.user;
  return body;
}

/**
 * Runs a command in a running container: creates the exec, reads its output to the end, then asks the engine for
 * the exit code.
 *
 * The start is dialled directly, as a hijacked connection: dockerode's `exec.start` would copy its options (our
 * flags included) into the body, and its status codes do not cover the upgrade. Output is demultiplexed chunk by
 * chunk, nothing kept. On abort the connection is closed, the command is stopped where OrcaOps can reach its
 * processes ({@link stopExec}), and the call rejects with `CANCELLED` whose `details.process` says what became of it.
 */
export async function execInContainer(client: Dockerode, id: string, spec: ExecSpec, handlers: OutputHandlers, signal: AbortSignal | undefined): Promise<number> {
  throwIfAborted(signal);
  const exec = await client.getContainer(id).exec({ ...toExecBody(spec), abortSignal: signal });
  try {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      client.modem.dial(
        {
          path: `/exec/${exec.id}/start`,
          method: 'POST',
          options: { Detach: false, Tty: false },
          isStream: true,
          hijack: true,
          abortSignal: signal,
          statusCodes: { 101: true, 200: true, 404: 'no such exec', 409: 'container is not running', 500: 'server error' },
        },
        (error, data) => (error ? reject(error) : resolve(data as NodeJS.ReadableStream)),
      );
    });
    const demuxer = new Demuxer(handlers);
    await consume(stream, (chunk) => demuxer.push(chunk), signal, 'exec output');
    demuxer.end();
    return await exitCodeOf(exec, signal);
  } catch (error) {
    if (!signal?.aborted) throw error;
    const report = await stopExec(client, id, exec);
    throw new OrcaError('CANCELLED', `The command was cancelled; ${report.detail}.`, { details: { ...report }, cause: error });
  }
}

/**
 * The output ends when the process closes it, which is usually when it exits but can be earlier (a daemon that
 * closes its stdio). Until the engine has the exit code, inspect reports it running, so ask again, backing off.
 */
async function exitCodeOf(exec: Dockerode.Exec, signal: AbortSignal | undefined): Promise<number> {
  for (let delayMs = 20; ; delayMs = Math.min(delayMs * 2, 1000)) {
    const info = await exec.inspect({ abortSignal: signal });
    if (!info.Running && typeof info.ExitCode === 'number') return info.ExitCode;
    await sleep(delayMs, undefined, { signal });
  }
}
