import { OrcaError, decodeOutputText, isOrcaError, type DockerService, type ExecSpec } from '@orcaops/plugin-api';
import type { SandboxEntry } from '../registry/sandbox-registry.js';
import { COMPOSE_LABELS, belongsTo, type SandboxScope } from './sandbox-status.js';

export interface ExecRequest extends ExecSpec {
  readonly service: string;
  /** Which replica, counting from 1 (compose's container number). */
  readonly index: number;
  readonly timeoutMs: number;
  /** Raw bytes kept in memory per stream; the newest output is kept. */
  readonly maxBytes: number;
}

/** What a command printed on one stream: the newest bytes, and how many before them were dropped. */
export interface ExecOutput {
  readonly bytes: Buffer;
  readonly dropped: number;
}

export interface ExecResult {
  readonly container: string;
  readonly exitCode: number;
  readonly stdout: ExecOutput;
  readonly stderr: ExecOutput;
}

/** Characters of each stream's output quoted in a TIMEOUT message. */
const TIMEOUT_OUTPUT_CHARS = 1000;

/**
 * Runs a command (argv, no shell) in a running container of a sandbox's service and collects its output, keeping
 * at most `maxBytes` of each stream in memory.
 * @throws `NOT_FOUND` (no running container for the service), `TIMEOUT`, `CANCELLED`.
 */
export async function execInService(docker: DockerService, entry: SandboxEntry, scope: SandboxScope, request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
  const containers = await docker.listContainers(
    { labels: { [COMPOSE_LABELS.project]: entry.project, [COMPOSE_LABELS.service]: request.service }, states: ['running'] },
    { signal },
  );
  const target = containers.find((c) => belongsTo(c, scope) && Number(c.labels['com.docker.compose.container-number'] ?? 1) === request.index);
  if (!target) {
    throw new OrcaError('NOT_FOUND', `Sandbox "${entry.name}" has no running container #${request.index} for service "${request.service}".`, {
      suggestion: 'Check the service name and state with orcaops_get_sandbox; start the sandbox with orcaops_start_sandbox.',
    });
  }
  const stdout = new TailBuffer(request.maxBytes);
  const stderr = new TailBuffer(request.maxBytes);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let exitCode: number;
  try {
    exitCode = await docker.exec(
      target.id,
      { command: request.command, ...(request.env ? { env: request.env } : {}), ...(request.workdir ? { workdir: request.workdir } : {}), ...(request.user ? { user: request.user } : {}) },
      { onStdout: (chunk) => stdout.push(chunk), onStderr: (chunk) => stderr.push(chunk) },
      { signal: AbortSignal.any([signal, timeout]) },
    );
  } catch (error) {
    if (timeout.aborted && !signal.aborted) {
      const stop = isOrcaError(error) ? error.details : undefined;
      const outcome = String(stop?.['process'] ?? 'running');
      const fate = String(stop?.['detail'] ?? 'it may still be running');
      throw new OrcaError('TIMEOUT', `The command did not finish within ${request.timeoutMs / 1000} s in ${target.name}; ${fate}. Output so far:\n${stdout.lastText()}${stderr.lastText()}`, {
        suggestion:
          'Raise timeout, or run long work as a job with orcaops_run_job.' +
          (outcome === 'running' ? ' The command may still be running: restarting the service (orcaops_stop_sandbox, then orcaops_start_sandbox) ends it.' : ''),
        details: { process: outcome },
      });
    }
    throw error;
  }
  return { container: target.name, exitCode, stdout: stdout.output(), stderr: stderr.output() };
}

/** Keeps the last `limit` bytes pushed into it, counting what it drops. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk)); // a copy: the caller may reuse its buffer
    this.size += chunk.length;
    if (this.size > this.limit * 2) this.compact();
  }

  output(): ExecOutput {
    this.compact();
    return { bytes: Buffer.concat(this.chunks), dropped: this.dropped };
  }

  /** The end of the output as text (shown as replies show output), for a message. */
  lastText(): string {
    const { bytes } = this.output();
    return decodeOutputText(bytes.subarray(Math.max(0, bytes.length - TIMEOUT_OUTPUT_CHARS * 4))).text.slice(-TIMEOUT_OUTPUT_CHARS);
  }

  private compact(): void {
    if (this.size <= this.limit) return;
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(all.length - this.limit)];
    this.dropped += this.size - this.limit;
    this.size = this.limit;
  }
}
