import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toEnvelope, type ToolOutcome } from '@orcaops/plugin-api';

/**
 * The specification's envelope as an MCP result: `structuredContent` plus the same JSON as text on success; on
 * failure `isError` with `{success: false, error: {code, message, suggestion}}` as text only, because clients
 * validate any `structuredContent` against the success schema.
 */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  const envelope = toEnvelope(outcome);
  const content = [{ type: 'text' as const, text: JSON.stringify(envelope) }];
  return outcome.ok ? { content, structuredContent: envelope } : { content, isError: true };
}
