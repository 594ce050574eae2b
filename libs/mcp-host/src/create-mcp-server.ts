import { isDeepStrictEqual } from 'node:util';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Invoker, ToolCatalog } from '@orcaops/kernel';
import { DEFAULT_MAX_REPLY_BYTES, DEFAULT_REPLY_BYTES, inputJsonSchema, outputJsonSchema, quoteInput, type Logger } from '@orcaops/plugin-api';
import type { ToolListCache } from './tool-list-cache.js';
import type { LogForwarder } from './log-forwarding.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { toCallToolResult } from './tool-result.js';

/** What the MCP host needs from the kernel. */
export interface McpCore {
  readonly catalog: Pick<ToolCatalog, 'entries'>;
  readonly invoker: Pick<Invoker, 'invoke'>;
}

/** Options for {@link createMcpServer}. */
export interface McpHostOptions {
  /** The kernel, or the promise of it while plugins are still loading. */
  readonly core: McpCore | Promise<McpCore>;
  readonly version: string;
  readonly log: Logger;
  /** Lets `tools/list` be answered from the previous run's list before the plugins have loaded. */
  readonly toolListCache?: ToolListCache;
  /** Sends the server's log lines to clients that ask (`logging/setLevel`); without it, setLevel is answered only. */
  readonly logs?: LogForwarder;
  /** The configured reply limits (`replies`), told to clients that size their buffers by them. */
  readonly replyLimits?: { readonly defaultBytes: number; readonly maxBytes: number };
}

const INSTRUCTIONS =
  'OrcaOps runs work in Docker containers safely. Every tool returns {"success": true, ...} or ' +
  '{"success": false, "error": {code, message, suggestion}}; follow the suggestion, which names the tool to call next. ' +
  'Start with orcaops_system_info when Docker seems unavailable.';

/**
 * An MCP server exposing every catalog tool. It uses the SDK's low-level `Server` rather than `McpServer` so
 * that argument validation errors come back in OrcaOps's own envelope (`VALIDATION_ERROR` with field paths)
 * instead of the SDK's generic text.
 *
 * Start-up is staged: `initialize` is answered at once, and `tools/list` from the cached list of the previous
 * run while the plugins load. When the loaded catalog differs from what was served, clients get
 * `notifications/tools/list_changed`, so a stale cache corrects itself.
 */
export function createMcpServer(options: McpHostOptions): Server {
  const { version, log, toolListCache } = options;
  const server = new Server(
    { name: 'orcaops', title: 'OrcaOps', version },
    {
      capabilities: { tools: { listChanged: true }, resources: { subscribe: true }, prompts: {}, completions: {}, logging: {} },
      instructions: INSTRUCTIONS,
    },
  );
  const core = Promise.resolve(options.core);
  registerResources(server, core);
  registerPrompts(server, core);
  options.logs?.attach(server);
  let servedFromCache: Tool[] | null = null;
  const limits = options.replyLimits ?? { defaultBytes: DEFAULT_REPLY_BYTES, maxBytes: DEFAULT_MAX_REPLY_BYTES };
  const liveTools = core.then((loaded) => loaded.catalog.entries.map(({ tool }) => describeTool(tool, limits)));

  // Keep the cache in step with the real catalog, and tell clients that were served an outdated list.
  liveTools
    .then(async (tools) => {
      const cached = servedFromCache ?? (await toolListCache?.read()) ?? null;
      if (isDeepStrictEqual(cached, tools)) return;
      await toolListCache?.write(tools);
      if (servedFromCache) await server.sendToolListChanged().catch(() => undefined);
    })
    .catch(() => undefined);

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const ready = await Promise.race([liveTools, Promise.resolve(null)]);
    if (ready) return { tools: ready };
    const cached = await toolListCache?.read();
    if (cached) {
      servedFromCache = cached;
      return { tools: cached };
    }
    return { tools: await liveTools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { invoker, catalog } = await core;
    const { name } = request.params;
    // The MCP specification answers an unknown tool with a protocol error (Invalid params), not a tool result.
    if (!catalog.entries.some((entry) => entry.tool.name === name)) {
      const names = catalog.entries.map((entry) => entry.tool.name);
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${quoteInput(name)}. Available tools: ${names.join(', ')}.`);
    }
    const progressToken = request.params._meta?.progressToken;
    const outcome = await invoker.invoke(name, request.params.arguments ?? {}, {
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

/** Claude Code saves a result over 50,000 characters to a file unless the tool says how large its results get. */
const CLAUDE_MAX_RESULT_CHARS = 500_000;

function describeTool(tool: McpCore['catalog']['entries'][number]['tool'], limits: NonNullable<McpHostOptions['replyLimits']>): Tool {
  // A tool that takes max_bytes may raise its reply to the configured maximum; the others stay at the default.
  // Both copies of the envelope count toward the budget, so either copy is at most the budget in characters.
  const replyBytes = 'max_bytes' in tool.input.shape ? limits.maxBytes : limits.defaultBytes;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool),
    outputSchema: outputJsonSchema(tool),
    annotations: { title: tool.title, ...tool.annotations },
    _meta: { 'anthropic/maxResultSizeChars': Math.min(CLAUDE_MAX_RESULT_CHARS, replyBytes) },
  };
}
