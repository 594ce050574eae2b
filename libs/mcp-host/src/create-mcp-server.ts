import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Invoker, ToolCatalog } from '@orcaops/kernel';
import type { Logger } from '@orcaops/plugin-api';
import { inputJsonSchema, outputJsonSchema } from './tool-schemas.js';
import { toCallToolResult } from './tool-result.js';

/** What the MCP host needs from the kernel. */
export interface McpHostOptions {
  readonly catalog: Pick<ToolCatalog, 'entries'>;
  readonly invoker: Pick<Invoker, 'invoke'>;
  readonly version: string;
  readonly log: Logger;
}

const INSTRUCTIONS =
  'OrcaOps runs work in Docker containers safely. Every tool returns {"success": true, ...} or ' +
  '{"success": false, "error": {code, message, suggestion}}; follow the suggestion, which names the tool to call next. ' +
  'Start with orcaops_system_info when Docker seems unavailable.';

/**
 * An MCP server exposing every catalog tool. It uses the SDK's low-level `Server` rather than `McpServer` so
 * that argument validation errors come back in OrcaOps's own envelope (`VALIDATION_ERROR` with field paths)
 * instead of the SDK's generic text.
 */
export function createMcpServer({ catalog, invoker, version, log }: McpHostOptions): Server {
  const server = new Server({ name: 'orcaops', title: 'OrcaOps', version }, { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS });
  let tools: Tool[] | undefined;

  server.setRequestHandler(ListToolsRequestSchema, () => {
    // Built on first request, not at start-up: schema conversion is work that `initialize` does not need.
    tools ??= catalog.entries.map(({ tool }) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: inputJsonSchema(tool),
      outputSchema: outputJsonSchema(tool),
      annotations: { title: tool.title, ...tool.annotations },
    }));
    return { tools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const outcome = await invoker.invoke(request.params.name, request.params.arguments ?? {}, {
      signal: extra.signal,
      ...(progressToken === undefined
        ? {}
        : {
            onProgress: (update) => {
              extra
                .sendNotification({ method: 'notifications/progress', params: { progressToken, ...update } })
                .catch((error: unknown) => log.debug('progress notification failed', { error }));
            },
          }),
    });
    return toCallToolResult(outcome);
  });

  return server;
}
