import { TOOL_NAME_PATTERN, type AnyToolDefinition } from '@orcaops/plugin-api';

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
  if (problems.length > 0) throw new Error(`tool ${name}: ${problems.join('; ')}`);
}
