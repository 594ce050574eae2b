import { join } from 'node:path';
import { OrcaError, type ComposeRunResult, type ComposeService, type ErrorCode } from '@orcaops/plugin-api';
import type { SandboxEntry } from '../registry/sandbox-registry.js';
import { resolveComposeFile } from './sandbox-paths.js';

interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onLine?: (line: string) => void;
}

/**
 * Compose commands for one registered sandbox. The compose file is re-checked before every command (it must
 * still lie inside the sandbox directory), and a failing command becomes an error carrying compose's own output.
 */
export class ComposeProject {
  constructor(
    private readonly compose: ComposeService,
    readonly entry: SandboxEntry,
  ) {}

  /** The services the compose file declares. */
  async services(options: RunOptions = {}): Promise<string[]> {
    const result = await this.run(['config', '--services'], 'COMPOSE_FAILED', 'reading the services of', options);
    return result.stdout.split('\n').map((line) => line.trim()).filter(Boolean).sort();
  }

  /** Checks the compose file as compose itself would (`config --quiet`). */
  validate(options: RunOptions = {}): Promise<ComposeRunResult> {
    return this.run(['config', '--quiet'], 'COMPOSE_FAILED', 'validating', options);
  }

  up(options: RunOptions = {}): Promise<ComposeRunResult> {
    return this.run(['up', '--detach', '--remove-orphans'], 'START_FAILED', 'starting', options);
  }

  down(volumes: boolean, timeoutSeconds: number, options: RunOptions = {}): Promise<ComposeRunResult> {
    const args = ['down', '--remove-orphans', '--timeout', String(timeoutSeconds), ...(volumes ? ['--volumes'] : [])];
    return this.run(args, 'STOP_FAILED', 'stopping', options);
  }

  private async run(args: readonly string[], code: ErrorCode, action: string, options: RunOptions): Promise<ComposeRunResult> {
    const file = await resolveComposeFile(this.entry.path, this.entry.compose_file);
    const result = await this.compose.run({
      project: this.entry.project,
      directory: this.entry.path,
      files: [join(this.entry.path, file)],
      args,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    if (result.exitCode !== 0) {
      throw new OrcaError(code, `Compose failed ${action} sandbox "${this.entry.name}" (exit ${result.exitCode}):\n${result.outputTail || '(no output)'}`);
    }
    return result;
  }
}
