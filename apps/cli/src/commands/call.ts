import { toEnvelope } from '@orcaops/plugin-api';
import type { KernelFlags } from '../cli-args.js';
import { readAll, usageError, writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

export interface CallFlags extends KernelFlags {
  readonly tool: string;
  /** JSON text, or "-" for stdin; absent means `{}`. */
  readonly argsText?: string;
}

/**
 * `orcaops call <tool> [json-args]`: one invocation, the envelope as pretty JSON on stdout. Exit 0 on success,
 * 1 when the tool failed (the envelope says why), 2 for bad usage. Ctrl+C cancels the call through its signal,
 * so the tool can clean up and the envelope still reports CANCELLED.
 */
export async function callCommand(flags: CallFlags, io: CliIo): Promise<number> {
  let args: unknown = {};
  if (flags.argsText !== undefined) {
    const text = flags.argsText === '-' ? await readAll(io.stdin) : flags.argsText;
    try {
      args = JSON.parse(text);
    } catch (error) {
      return usageError(io, `json-args is not valid JSON (${(error as Error).message}). Example: '{"dry_run": true}'`);
    }
  }

  const started = await startKernel(flags, io);
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('Interrupted'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const outcome = await kernel.invoker.invoke(flags.tool, args, { signal: controller.signal });
    await writeOut(io.stdout, `${JSON.stringify(toEnvelope(outcome), null, 2)}\n`);
    // A job submitted from here is supervised by this process: stay until it ends rather than orphan it.
    await kernel.drain();
    return outcome.ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    await kernel.stop();
  }
}
