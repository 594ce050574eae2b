import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toEnvelope, type ToolOutcome } from '@orcaops/plugin-api';

/** Artifacts linked from one result at most; the rest are listed by orcaops_list_artifacts. */
const MAX_ARTIFACT_LINKS = 20;

/**
 * The specification's envelope as an MCP result: `structuredContent` plus the same JSON as text on success; on
 * failure `isError` with `{success: false, error: {code, message, suggestion}}` as text only, because clients
 * validate any `structuredContent` against the success schema. A result about a job also links its run's
 * resources (record, logs, artifacts), after the text, which stays for clients that do not follow links.
 */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  const envelope = toEnvelope(outcome);
  const content: CallToolResult['content'] = [{ type: 'text' as const, text: JSON.stringify(envelope) }];
  if (!outcome.ok) return { content, isError: true };
  return { content: [...content, ...runLinks(outcome.data)], structuredContent: envelope };
}

function runLinks(data: Record<string, unknown>): CallToolResult['content'] {
  const jobId = data['job_id'];
  if (typeof jobId !== 'string') return [];
  const base = `orcaops://runs/${encodeURIComponent(jobId)}`;
  const artifacts = Array.isArray(data['artifacts']) ? (data['artifacts'] as Array<{ path?: unknown }>) : [];
  return [
    { type: 'resource_link' as const, uri: base, name: `run ${jobId}`, mimeType: 'application/json' },
    { type: 'resource_link' as const, uri: `${base}/logs/stdout`, name: `stdout of ${jobId}`, mimeType: 'text/plain' },
    { type: 'resource_link' as const, uri: `${base}/logs/stderr`, name: `stderr of ${jobId}`, mimeType: 'text/plain' },
    ...artifacts
      .filter((artifact): artifact is { path: string } => typeof artifact.path === 'string')
      .slice(0, MAX_ARTIFACT_LINKS)
      .map((artifact) => ({ type: 'resource_link' as const, uri: `${base}/artifacts/${encodeURIComponent(artifact.path)}`, name: artifact.path })),
  ];
}
