import { startOrcaOps } from '@orcaops/composition';
import { DuplicateToolError, type Kernel, type KernelOptions } from '@orcaops/kernel';
import { isOrcaError, type LogLevel } from '@orcaops/plugin-api';
import type { KernelFlags } from './cli-args.js';
import type { CliIo } from './cli-io.js';

/** A started kernel, or the exit code for a start-up error already reported on stderr. */
export type StartResult = { readonly ok: true; readonly kernel: Kernel } | { readonly ok: false; readonly exitCode: number };

/**
 * The log level for a command-line run: `--debug` wins; otherwise an explicit ORCAOPS_LOG_LEVEL is respected;
 * otherwise warnings only, because info lines on the terminal are noise for interactive and shell use (the
 * config file's `logLevel` is mainly for the long-running MCP server).
 */
export function cliLogLevel(flags: KernelFlags, env: NodeJS.ProcessEnv): LogLevel | undefined {
  if (flags.debug) return 'debug';
  return env['ORCAOPS_LOG_LEVEL'] ? undefined : 'warn';
}

/** A started kernel, or the configuration problem that stopped it (anything else is thrown). */
export type StartAttempt =
  | { readonly ok: true; readonly kernel: Kernel }
  | { readonly ok: false; readonly problem: 'config' | 'duplicate-tool'; readonly message: string; readonly suggestion: string | null };

/**
 * Starts the kernel, returning a configuration problem (bad file, duplicate built-in tool) as a value, for
 * commands that report it in their own way (`doctor`). The role is `command` and the host (in the audit log) `cli`
 * unless the caller says otherwise.
 */
export async function tryStartKernel(flags: KernelFlags, io: CliIo, extra: Pick<KernelOptions, 'logSink' | 'role' | 'host' | 'config'> = {}): Promise<StartAttempt> {
  const logLevel = cliLogLevel(flags, io.env);
  try {
    const kernel = await startOrcaOps({
      cwd: io.cwd,
      env: io.env,
      ...(flags.configPath ? { configPath: flags.configPath } : {}),
      ...(logLevel ? { logLevel } : {}),
      ...(flags.readOnly ? { readOnly: true } : {}),
      role: 'command',
      host: 'cli',
      ...extra,
    });
    return { ok: true, kernel };
  } catch (error) {
    if (isOrcaError(error) && error.code === 'CONFIG_INVALID') return { ok: false, problem: 'config', message: error.message, suggestion: error.suggestion };
    if (error instanceof DuplicateToolError) return { ok: false, problem: 'duplicate-tool', message: error.message, suggestion: null };
    throw error;
  }
}

/**
 * Starts the kernel; a configuration problem (bad file, duplicate tool) prints its message and exits 2. The role
 * is `command` unless the caller says otherwise (only the TUI stays up).
 */
export async function startKernel(flags: KernelFlags, io: CliIo, extra: Pick<KernelOptions, 'logSink' | 'role' | 'host' | 'config'> = {}): Promise<StartResult> {
  const attempt = await tryStartKernel(flags, io, extra);
  if (attempt.ok) return attempt;
  io.stderr.write(`orcaops: ${attempt.message}\n${attempt.suggestion ? `  ${attempt.suggestion}\n` : ''}`);
  return { ok: false, exitCode: 2 };
}
