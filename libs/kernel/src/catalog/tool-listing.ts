import { DEFAULT_MAX_REPLY_BYTES, DEFAULT_REPLY_BYTES, inputJsonSchema, outputJsonSchema, type AnyToolDefinition, type ObjectJsonSchema, type ToolAnnotations } from '@orcaops/plugin-api';
import { compactInputSchema, compactOutputSchema } from './compact-schema.js';

/** A tool as a model-facing host lists it (the shape of an MCP `Tool`). */
export interface ListedTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: ObjectJsonSchema;
  readonly outputSchema: ObjectJsonSchema;
  readonly annotations: Partial<ToolAnnotations>;
  readonly _meta: Readonly<Record<string, unknown>>;
}

/** The configured reply limits (`replies`). */
export interface ReplyLimits {
  readonly defaultBytes: number;
  readonly maxBytes: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = { defaultBytes: DEFAULT_REPLY_BYTES, maxBytes: DEFAULT_MAX_REPLY_BYTES };

/** Claude Code saves a result over 50,000 characters to a file unless the tool says how large its results get. */
const CLAUDE_MAX_RESULT_CHARS = 500_000;

/**
 * How a tool is listed to models, where every character is paid for on every turn: compact schemas
 * (compact-schema.ts); of the hints, always whether the tool changes things and destroys, the others only when
 * they differ from the protocol's defaults.
 */
export function listTool(tool: AnyToolDefinition, limits: ReplyLimits = DEFAULT_REPLY_LIMITS): ListedTool {
  // A tool that takes max_bytes may raise its reply to the configured maximum; the others stay at the default.
  // Both copies of the envelope count toward the budget, so either copy is at most the budget in characters.
  const replyBytes = 'max_bytes' in tool.input.shape ? limits.maxBytes : limits.defaultBytes;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: compactInputSchema(inputJsonSchema(tool)),
    outputSchema: compactOutputSchema(outputJsonSchema(tool)),
    annotations: meaningfulHints(tool.annotations),
    _meta: { 'anthropic/maxResultSizeChars': Math.min(CLAUDE_MAX_RESULT_CHARS, replyBytes) },
  };
}

function meaningfulHints(annotations: ToolAnnotations): Partial<ToolAnnotations> {
  // Whether a tool changes things, and if so whether it destroys, is always said: clients decide on them.
  // destructive and idempotent mean something only for a tool that changes things (the protocol says so).
  const hints: Partial<Record<keyof ToolAnnotations, boolean>> = { readOnlyHint: annotations.readOnlyHint };
  // The protocol's defaults: destructive true, idempotent false, open world true.
  if (!annotations.readOnlyHint) hints.destructiveHint = annotations.destructiveHint ?? true;
  if (!annotations.readOnlyHint && annotations.idempotentHint) hints.idempotentHint = true;
  if (annotations.openWorldHint === false) hints.openWorldHint = false;
  return hints;
}

/** Characters of a tool list as JSON: in all, the part a model reads (names, descriptions, input schemas), and output schemas. */
export interface ToolListSize {
  readonly all: number;
  readonly model: number;
  readonly output: number;
}

export function toolListSize(tools: readonly ListedTool[]): ToolListSize & { readonly tools: ReadonlyArray<ToolListSize & { readonly name: string }> } {
  const rows = tools.map((tool) => ({
    name: tool.name,
    all: JSON.stringify(tool).length,
    model: JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }).length,
    output: JSON.stringify(tool.outputSchema).length,
  }));
  const sum = (pick: (row: ToolListSize) => number) => rows.reduce((total, row) => total + pick(row), 0);
  // The list is one JSON array: its brackets and the commas between tools count too.
  return { all: JSON.stringify(tools).length, model: sum((row) => row.model), output: sum((row) => row.output), tools: rows };
}
