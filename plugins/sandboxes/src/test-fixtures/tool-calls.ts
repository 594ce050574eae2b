import type { AnyToolDefinition } from '@orcaops/plugin-api';
import { testToolContext } from '@orcaops/testing';

/** Calls a tool the way the kernel does: parse input, run, parse output. */
export async function callTool(tools: readonly AnyToolDefinition[], name: string, args: unknown, onProgress?: (message: string) => void): Promise<any> {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const data = await tool.run(tool.input.parse(args), testToolContext({ progress: (update) => onProgress?.(update.message ?? '') }));
  return tool.output.parse(data);
}
