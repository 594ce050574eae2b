import { isDeepStrictEqual } from 'node:util';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_REPLY_LIMITS, listTool, type Invoker, type ReplyLimits, type ToolCatalog } from '@orcaops/kernel';
import { quoteInput, type Logger } from '@orcaops/plugin-api';
import type { ToolListCache } from './tool-list-cache.js';
import type { LogForwarder } from './log-forwarding.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { answerRefusedParamsAsInvalid } from './invalid-params.js';
import { createTask, orcaTaskStore, TASK_TOOLS } from './tasks.js';
import { toCallToolResult } from './tool-result.js';

/** What the MCP host needs from the kernel. */
export interface McpCore {
  readonly catalog: Pick<ToolCatalog, 'entries'>;
  /** `refused`, when there, records calls this host refuses before invoking (the kernel's audit log). */
  readonly invoker: Pick<Invoker, 'invoke'> & Partial<Pick<Invoker, 'refused'>>;
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
  readonly replyLimits?: ReplyLimits;
}

/**
 * What every tool shares, said once here rather than in each tool's description (the tool list is paid for on
 * every turn; instructions once per session).
 */
const INSTRUCTIONS = [
  'OrcaOps runs work in Docker containers safely.',
  'Every tool returns {"success": true, ...} or {"success": false, "error": {code, message, suggestion}}; follow the suggestion, which names the tool to call next.',
  'Lists take offset and limit and return total and next_offset (null on the last page).',
  'Replies fit a byte budget (max_bytes where a tool takes it); a reply that had to be cut says what was left out and how to ask for the rest.',
  'Jobs: orcaops_run_job waits up to wait_seconds and returns; a job still running is followed with orcaops_get_job_status, its full output read with orcaops_get_job_logs and its files with orcaops_get_artifact. Cancelling a call never stops a job; orcaops_cancel_job does.',
  'A job env value may be {"secret": "env:NAME"} (OrcaOps\'s environment), {"secret": "file:/path"} or {"secret": "NAME"} (stored with orcaops secrets set): resolved when the container starts, never recorded, and redacted from output.',
  'The cleanup tools take dry_run: use it first.',
  'Start with orcaops_system_info when Docker seems unavailable.',
].join(' ');

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
  const core = Promise.resolve(options.core);
  const server = new Server(
    { name: 'orcaops', title: 'OrcaOps', version },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true },
        prompts: {},
        completions: {},
        logging: {},
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      instructions: INSTRUCTIONS,
      taskStore: orcaTaskStore(core),
    },
  );
  answerRefusedParamsAsInvalid(server);
  registerResources(server, core);
  registerPrompts(server, core);
  options.logs?.attach(server);
  let servedFromCache: Tool[] | null = null;
  const limits = options.replyLimits ?? DEFAULT_REPLY_LIMITS;
  const liveTools = core.then((loaded) =>
    loaded.catalog.entries.map(({ tool }): Tool => ({ ...listTool(tool, limits), ...(TASK_TOOLS.has(tool.name) ? { execution: { taskSupport: 'optional' } } : {}) })),
  );

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
      // A refused call of a tool that changes things (one the selection left out) is still recorded in the audit log.
      invoker.refused?.(name, request.params.arguments, 'TOOL_NOT_FOUND');
      const names = catalog.entries.map((entry) => entry.tool.name);
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${quoteInput(name)}. Available tools: ${names.join(', ')}.`);
    }
    if (request.params.task) {
      // The protocol's answer to a task asked of a tool that does not list task support.
      if (!TASK_TOOLS.has(name)) throw new McpError(ErrorCode.MethodNotFound, `${name} does not run as a task; call it without task, or use ${[...TASK_TOOLS].join(' or ')}.`);
      return { task: await createTask(await core, name, request.params.arguments ?? {}) };
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
