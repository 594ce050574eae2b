import { toolSafety } from '@orcaops/plugin-api';
import type { KernelFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

/**
 * `orcaops tools`: every tool, grouped by category, one line each: name, title, and whether it changes things; then,
 * on stderr, each plugin that was skipped and why.
 */
export async function toolsCommand(flags: KernelFlags, io: CliIo): Promise<number> {
  const started = await startKernel(flags, io);
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  try {
    const groups = [...kernel.catalog.byCategory()];
    const tools = groups.flatMap(([, group]) => group);
    if (tools.length === 0) {
      await writeOut(io.stdout, 'No tools are loaded. Check the plugins in orcaops.config.json (orcaops --debug tools shows why).\n');
      return 0;
    }
    const nameWidth = Math.max(...tools.map((tool) => tool.name.length));
    const titleWidth = Math.max(...tools.map((tool) => tool.title.length));
    const lines = groups.flatMap(([category, group]) => [
      category,
      ...group.map((tool) => `  ${tool.name.padEnd(nameWidth)}  ${tool.title.padEnd(titleWidth)}  ${toolSafety(tool.annotations)}`),
    ]);
    await writeOut(io.stdout, `${lines.join('\n')}\n`);
    // Skipped plugins go to stderr, so that stdout stays the list itself.
    for (const failure of kernel.hostInfo.plugins().failed) io.stderr.write(`orcaops: plugin ${failure.source} was skipped: ${failure.error}\n`);
    return 0;
  } finally {
    await kernel.stop();
  }
}

