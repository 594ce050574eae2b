import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

type Handler = (request: { method: string }, extra: unknown) => Promise<unknown>;

/**
 * JSON-RPC answers params a method does not take with -32602 (Invalid params). The SDK's dispatcher parses each
 * request with its handler's schema and answers a refusal as -32603 (Internal error), which tells a client the
 * server broke. Every handler, the SDK's own (initialize, tasks/…) and those registered later, is wrapped so that
 * a schema's refusal becomes Invalid params naming the fields. The handler table is the SDK's internal one; an SDK
 * without it is left as it is (the MCP fuzz test would then show the old answer).
 */
export function answerRefusedParamsAsInvalid(server: Server): void {
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) return;
  const table = handlers as Map<string, Handler>;
  const set = table.set.bind(table);
  for (const [method, handler] of table) set(method, invalidParamsOnRefusal(handler));
  table.set = (method: string, handler: Handler) => set(method, invalidParamsOnRefusal(handler));
}

function invalidParamsOnRefusal(handler: Handler): Handler {
  return async (request, extra) => {
    try {
      return await handler(request, extra);
    } catch (error) {
      if (!isSchemaRefusal(error)) throw error;
      const issues = error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(params)'}: ${issue.message}`);
      throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${String(request.method).slice(0, 100)}: ${issues.join('; ')}`.slice(0, 2000));
    }
  };
}

/** A zod error (zod 4 names its core class $ZodError), as the SDK's parse of a request throws it. */
function isSchemaRefusal(error: unknown): error is { issues: Array<{ path: PropertyKey[]; message: string }> } {
  return error instanceof Error && /^\$?ZodError$/.test(error.name) && Array.isArray((error as { issues?: unknown }).issues);
}
