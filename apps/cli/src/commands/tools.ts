import { listTool, toolListSize, type ReplyLimits } from '@orcaops/kernel';
import { toolSafety, type AnyToolDefinition } from '@orcaops/plugin-api';
import type { KernelFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

/**
 * `orcaops tools`: every tool, grouped by category, one line each: name, title, and whether it changes things; then,
 * on stderr, each plugin that was skipped and why.
 */
export async function toolsCommand(flags: KernelFlags & { readonly stats?: boolean; readonly quiet?: boolean; readonly json?: boolean }, io: CliIo): Promise<number> {
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
    if (flags.json) {
      const listed = tools.map((tool) => ({ name: tool.name, title: tool.title, category: tool.category, safety: toolSafety(tool.annotations) }));
      await writeOut(io.stdout, `${JSON.stringify({ success: true, tools: listed }, null, 2)}\n`);
      return 0;
    }
    if (flags.quiet) {
      await writeOut(io.stdout, `${tools.map((tool) => tool.name).join('\n')}\n`);
      return 0;
    }
    if (flags.stats) {
      await writeOut(io.stdout, toolListStats(tools, kernel.config.replies));
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


/**
 * What the tool list costs a model: characters of each tool as MCP lists it (JSON), in all, the part a model reads
 * on every turn (name, description, input schema), and the output schema; largest tools first.
 */
function toolListStats(tools: readonly AnyToolDefinition[], limits: ReplyLimits): string {
  const size = toolListSize(tools.map((tool) => listTool(tool, limits)));
  const n = (value: number) => value.toLocaleString('en-US');
  const width = Math.max(...size.tools.map((row) => row.name.length));
  const lines = [
    `${size.tools.length} tools, ${n(size.all)} characters as listed: ${n(size.model)} for names, descriptions and input schemas (read by the model), ${n(size.output)} for output schemas`,
    '',
    `${'tool'.padEnd(width)}  ${'all'.padStart(7)}  ${'model'.padStart(7)}  ${'output'.padStart(7)}`,
    ...[...size.tools].sort((a, b) => b.model - a.model).map((row) => `${row.name.padEnd(width)}  ${n(row.all).padStart(7)}  ${n(row.model).padStart(7)}  ${n(row.output).padStart(7)}`),
  ];
  return `${lines.join('\n')}\n`;
}
