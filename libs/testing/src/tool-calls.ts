import { callTool, createReplyBudget, type AnyToolDefinition, type CallToolOptions, type ErrorPayload, type ToolOutcome } from '@orcaops/plugin-api';

/** How a spec calls a tool: {@link callTool}'s options, with the reply limit also as a plain number. */
export interface SpecCallOptions extends CallToolOptions {
  /** The call's reply limit in wire bytes (default 64 KiB, raisable to 1 MiB); ignored when `reply` is given. */
  readonly replyLimit?: number;
}

/**
 * Calls a tool through the SDK's pipeline, exactly as OrcaOps does ({@link callTool}: unknown keys refused, input
 * and output schemas, reply budget, bounded errors), and returns the outcome.
 */
export function callToolOutcome(tool: AnyToolDefinition, args: unknown, options: SpecCallOptions = {}): Promise<ToolOutcome> {
  const { replyLimit, ...rest } = options;
  return callTool(tool, args, { ...rest, reply: options.reply ?? createReplyBudget(replyLimit) });
}

/**
 * The data of a call that must succeed, as {@link callToolOutcome} runs it.
 * @throws Error naming the error's code and message when the call fails, so the failing test says why.
 */
export async function callToolData(tool: AnyToolDefinition, args: unknown, options: SpecCallOptions = {}): Promise<Record<string, any>> {
  const outcome = await callToolOutcome(tool, args, options);
  if (!outcome.ok) throw new Error(`${tool.name} failed with ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.data as Record<string, any>;
}

/**
 * The error of a call that must fail, as {@link callToolOutcome} runs it (the payload a client gets).
 * @throws Error when the call succeeds.
 */
export async function callToolError(tool: AnyToolDefinition, args: unknown, options: SpecCallOptions = {}): Promise<ErrorPayload> {
  const outcome = await callToolOutcome(tool, args, options);
  if (outcome.ok) throw new Error(`${tool.name} succeeded where a failure was expected`);
  return outcome.error;
}

/**
 * The tool named `name` among `tools`.
 * @throws Error listing the names there are when none has it.
 */
export function toolNamed(tools: readonly AnyToolDefinition[], name: string): AnyToolDefinition {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}; there are ${tools.map((candidate) => candidate.name).join(', ')}`);
  return tool;
}
