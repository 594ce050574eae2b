import { join } from 'node:path';
import { ORCAOPS_VERSION, type Kernel } from '@orcaops/kernel';
import { inputJsonSchema } from '@orcaops/plugin-api';
import type { KernelFlags } from '../cli-args.js';
import type { CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';
import { DeferredFileLogSink } from '../tui-log-sink.js';

const CLOSE_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/**
 * `orcaops tui`: starts the kernel, hands its catalog and invoker to the TUI, and stops the kernel when the user
 * quits. Kernel logs go to <ORCAOPS_HOME>/logs/tui.log rather than stderr, which Ink's screen occupies.
 */
export async function tuiCommand(flags: KernelFlags, io: CliIo): Promise<number> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    io.stderr.write('orcaops: tui needs an interactive terminal. From scripts, use "orcaops tools" and "orcaops call".\n');
    return 2;
  }
  const sink = new DeferredFileLogSink();
  let started;
  try {
    started = await startKernel(flags, io, { logSink: sink, role: 'tui', host: 'tui' });
  } finally {
    // Start-up failed: no screen is up, and the held-back log lines explain what went wrong.
    if (!started?.ok) sink.flushTo(io.stderr);
  }
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  const logFile = sink.open(join(kernel.config.home, 'logs', 'tui.log'));

  const closing = new AbortController();
  const close = () => closing.abort();
  for (const signal of CLOSE_SIGNALS) process.on(signal, close);
  try {
    // Loaded here so that `tools` and `call` never pay for Ink, React and the yoga layout engine.
    const { runTui } = await import('@orcaops/tui');
    await runTui({
      catalog: withInputSchemas(kernel),
      invoker: kernel.invoker,
      version: ORCAOPS_VERSION,
      notices: pluginNotices(kernel),
      signal: closing.signal,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } finally {
    for (const signal of CLOSE_SIGNALS) process.removeListener(signal, close);
    await kernel.stop();
    sink.close();
  }

  if (logFile && sink.problems > 0) {
    io.stderr.write(`orcaops: ${sink.problems} warning or error line(s) were logged to ${logFile}\n`);
  } else if (logFile && flags.debug) {
    io.stderr.write(`orcaops: debug log written to ${logFile}\n`);
  }
  return 0;
}

/** Plugins that failed to load are skipped at start-up; the TUI says so instead of silently showing fewer tools. */
function pluginNotices(kernel: Kernel): string[] {
  return kernel.hostInfo.plugins().failed.map((failure) => `Plugin ${failure.source} failed to load: ${failure.error}`);
}

/** The catalog with each tool's input as JSON Schema, the same document MCP clients get, for the TUI's forms. */
function withInputSchemas(kernel: Kernel) {
  return {
    byCategory: () => new Map([...kernel.catalog.byCategory()].map(([category, tools]) => [category, tools.map((tool) => ({ ...tool, inputSchema: inputJsonSchema(tool) }))])),
  };
}
