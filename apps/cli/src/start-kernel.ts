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

/**
 * Starts the kernel; a configuration problem (bad file, duplicate tool) prints its message and exits 2. The role
 * is `command` unless the caller says otherwise (only the TUI stays up).
 */
export async function startKernel(flags: KernelFlags, io: CliIo, extra: Pick<KernelOptions, 'logSink' | 'role'> = {}): Promise<StartResult> {
  const logLevel = cliLogLevel(flags, io.env);
  try {
    const kernel = await startOrcaOps({
      cwd: io.cwd,
      env: io.env,
      ...(flags.configPath ? { configPath: flags.configPath } : {}),
      ...(logLevel ? { logLevel } : {}),
      role: 'command',
      ...extra,
    });
    return { ok: true, kernel };
  } catch (error) {
    if (isOrcaError(error) && error.code === 'CONFIG_INVALID') {
      io.stderr.write(`orcaops: ${error.message}\n  ${error.suggestion}\n`);
      return { ok: false, exitCode: 2 };
    }
    if (error instanceof DuplicateToolError) {
      io.stderr.write(`orcaops: ${error.message}\n`);
      return { ok: false, exitCode: 2 };
    }
    throw error;
  }
}
