import { spawn } from 'node:child_process';
import { OrcaError } from '@orcaops/plugin-api';

export interface ComposeProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal | undefined;
  readonly onLine?: ((line: string) => void) | undefined;
}

export interface ComposeProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly outputTail: string;
}

const MAX_STDOUT = 1024 * 1024;
const TAIL_LINES = 40;
/** Grace period between SIGTERM and SIGKILL when a run is cancelled: compose stops what it started on SIGTERM. */
const KILL_GRACE_MS = 5000;
// Progress output may carry colours and cursor moves even off a terminal (v2 with some settings).
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Runs one compose command: argv only, never a shell, so names and paths from callers cannot inject anything.
 * Lines of both streams go to `onLine` as they arrive (compose rewrites progress lines with `\r`, so that splits
 * lines too) and the last ones are kept for error messages; stdout is also kept whole, up to 1 MiB.
 */
export function runComposeProcess(argv: readonly string[], options: ComposeProcessOptions): Promise<ComposeProcessResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('runComposeProcess needs a command');
  if (options.signal?.aborted) return Promise.reject(cancelled(argv));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let stdout = '';
    const lineReader = () => {
      let pending = '';
      return {
        push(chunk: Buffer) {
          pending += chunk.toString('utf8');
          const parts = pending.split(/\r\n|\r|\n/);
          pending = parts.pop() ?? '';
          parts.forEach(emit);
        },
        flush() {
          if (pending) emit(pending);
          pending = '';
        },
      };
    };
    const emit = (raw: string) => {
      const line = raw.replace(ANSI, '').trimEnd();
      if (!line) return;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onLine?.(line);
    };
    const out = lineReader();
    const err = lineReader();
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk.toString('utf8');
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.once('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        error.code === 'ENOENT'
          ? new OrcaError('DOCKER_COMPOSE_NOT_FOUND', `The compose command "${file}" is not installed (or not on PATH).`, { cause: error })
          : error,
      );
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      out.flush();
      err.flush();
      if (options.signal?.aborted) return reject(cancelled(argv));
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: stdout.slice(0, MAX_STDOUT), outputTail: tail.join('\n') });
    });
  });
}

function cancelled(argv: readonly string[]): OrcaError {
  return new OrcaError('CANCELLED', `Cancelled: ${argv.join(' ')}`);
}
