import type { z } from 'zod';
import { BUILTIN_TOOL_PREFIX, TOOL_NAME_PATTERN, TOOL_PREFIX_PATTERN, toolPrefixOf, type AnyToolDefinition } from '../tools/tool-definition.js';

/**
 * Rejects a malformed tool declaration at load time, so it can never fail later in a client's hands. `prefix` is
 * what the plugin's tool names must start with.
 */
export function validateToolDefinition(tool: AnyToolDefinition, prefix: string): void {
  const name = typeof tool?.name === 'string' ? tool.name : JSON.stringify(tool?.name);
  const problems: string[] = [];
  if (!TOOL_NAME_PATTERN.test(String(tool?.name)) || !String(tool?.name).startsWith(`${prefix}_`)) {
    problems.push(`name must be ${prefix}_<verb>_<noun> (lower snake case)`);
  }
  for (const field of ['title', 'description', 'category'] as const) {
    if (typeof tool?.[field] !== 'string' || tool[field].length === 0) problems.push(`${field} is required`);
  }
  for (const field of ['input', 'output'] as const) {
    if (tool?.[field]?.def?.type !== 'object') problems.push(`${field} must be a zod object schema`);
  }
  if (typeof tool?.annotations?.readOnlyHint !== 'boolean') problems.push('annotations.readOnlyHint is required');
  if (typeof tool?.run !== 'function') problems.push('run must be a function');
  if (tool?.http !== undefined) problems.push(...httpRouteProblems(tool));
  if (problems.length > 0) throw new Error(`tool ${name}: ${problems.join('; ')}`);
}

/**
 * A plugin's options as configured, validated by its schema (as they reach `setup`).
 * @throws Error `invalid options: <path>: <problem>; …` when they do not validate.
 */
export function parsePluginOptions(plugin: { readonly options?: z.ZodType }, options: unknown): unknown {
  if (!plugin.options) return options;
  const parsed = plugin.options.safeParse(options);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid options: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
}

/**
 * Checks what a plugin's setup returned: a tool list, each tool well formed and named with the plugin's prefix,
 * which for a third-party plugin is not OrcaOps's own. Throws an Error saying what is wrong.
 */
export function validatePluginTools(plugin: { readonly id: string; readonly toolPrefix?: string }, tools: unknown, builtin: boolean): void {
  if (!Array.isArray(tools)) throw new Error(`plugin ${plugin.id}: setup() must return { tools: [...] }`);
  const prefix = toolPrefixOf(plugin);
  if (!builtin && (prefix === BUILTIN_TOOL_PREFIX || !TOOL_PREFIX_PATTERN.test(prefix))) {
    const why = prefix === BUILTIN_TOOL_PREFIX ? "reserved for OrcaOps's own tools" : 'not one word of 2-24 lower-case letters and digits';
    throw new Error(`plugin ${plugin.id}: tool prefix "${prefix}" is ${why}; set toolPrefix in definePlugin`);
  }
  tools.forEach((tool: AnyToolDefinition) => validateToolDefinition(tool, prefix));
}

/** Literal segments and `{field}` segments; `/tools/...` is where every tool is served already. */
const HTTP_PATH_PATTERN = /^(\/([a-z0-9][a-z0-9-]*|\{[a-z][a-z0-9_]*\}))+$/;

function httpRouteProblems(tool: AnyToolDefinition): string[] {
  const { method, path } = tool.http ?? ({} as Partial<NonNullable<AnyToolDefinition['http']>>);
  const problems: string[] = [];
  if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') problems.push('http.method must be GET, POST or DELETE');
  if (typeof path !== 'string' || !HTTP_PATH_PATTERN.test(path) || path === '/tools' || path.startsWith('/tools/')) {
    problems.push('http.path must look like /things/{field}/verb and not start with /tools');
    return problems;
  }
  const shape = (tool.input?.shape ?? {}) as Record<string, ZodLike>;
  for (const [, field] of path.matchAll(/\{([a-z0-9_]+)\}/g)) {
    if (!(field! in shape)) problems.push(`http.path names {${field}}, which is not an input field`);
    // A path segment is text: a number or an optional field there would not mean what the path says.
    else if (shape[field!]?._zod?.def?.type !== 'string') problems.push(`http.path names {${field}}, which is not a required string field`);
  }
  const wait = tool.http?.waitField;
  if (wait !== undefined && baseType(shape[wait]) !== 'number') {
    problems.push(`http.waitField ${JSON.stringify(wait)} is not a number input field`);
  }
  return problems;
}

interface ZodLike {
  readonly _zod?: { readonly def?: { readonly type?: string; readonly innerType?: ZodLike } };
}

/** A field's type under `.default()` and `.optional()`. */
function baseType(schema: ZodLike | undefined): string | undefined {
  const def = schema?._zod?.def;
  return def?.type === 'default' || def?.type === 'optional' ? baseType(def.innerType) : def?.type;
}
