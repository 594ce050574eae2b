import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@orcaops/plugin-api';
import { createMcpServer, type McpCore } from './create-mcp-server.js';

/** Options for {@link createMcpHttpEndpoint}. */
export interface McpHttpOptions {
  readonly version: string;
  readonly log: Logger;
  /** Answer every request on its own, without sessions. */
  readonly stateless: boolean;
  /** A session unused this long is closed. */
  readonly sessionIdleMs: number;
  /** Most sessions open at once; a new one beyond this is refused (503) until an idle one closes. */
  readonly maxSessions?: number;
  /**
   * Most sessions one caller (API key) holds: opening another closes that caller's least recently used one, so a
   * single key cannot take every session.
   */
  readonly maxSessionsPerOwner?: number;
  /** The configured reply limits, as the stdio server tells them to clients. */
  readonly replyLimits?: { readonly defaultBytes: number; readonly maxBytes: number };
}

/** Who a request comes from, and the tools it may see (its API key's scope). */
export interface McpCaller {
  /** The API key id, or null without keys; a session answers only the caller that opened it. */
  readonly owner: string | null;
  readonly core: McpCore;
}

/** MCP over Streamable HTTP, for the HTTP host's `/mcp`. */
export interface McpHttpEndpoint {
  /** Handles one request (POST, GET or DELETE); `body` is the parsed JSON of a POST. */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown, caller: McpCaller): Promise<void>;
  /** Closes every session. */
  close(): Promise<void>;
  /** Sessions open now. */
  readonly sessions: number;
}

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
  readonly owner: string | null;
  lastUsed: number;
}

/**
 * The same MCP server as over stdio, per session (or per request when stateless), on the SDK's Streamable HTTP
 * transport. Authentication, Host and Origin checks happen in the HTTP host before a request gets here.
 */
export function createMcpHttpEndpoint(options: McpHttpOptions): McpHttpEndpoint {
  const sessions = new Map<string, Session>();
  const maxSessions = options.maxSessions ?? 1000;
  const perOwner = options.maxSessionsPerOwner ?? 16;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (now - session.lastUsed > options.sessionIdleMs) void closeSession(id, session);
    }
  }, Math.min(options.sessionIdleMs, 60_000));
  sweep.unref();

  async function closeSession(id: string, session: Session): Promise<void> {
    sessions.delete(id);
    await session.server.close().catch(() => undefined);
  }

  function newServer(core: McpCore): Server {
    const server = createMcpServer({ core, version: options.version, log: options.log, ...(options.replyLimits ? { replyLimits: options.replyLimits } : {}) });
    server.onerror = (error) => options.log.debug('mcp http protocol error', { error: error.message });
    return server;
  }

  async function stateless(req: IncomingMessage, res: ServerResponse, body: unknown, caller: McpCaller): Promise<void> {
    const server = newServer(caller.core);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  return {
    get sessions() {
      return sessions.size;
    },
    async handle(req, res, body, caller) {
      if (options.stateless) return stateless(req, res, body, caller);
      const id = req.headers['mcp-session-id'];
      if (typeof id === 'string') {
        const session = sessions.get(id);
        // Another caller's session is answered as unknown: its existence is not theirs to learn.
        if (!session || session.owner !== caller.owner) return rpcError(res, 404, -32001, 'Session not found: start a new one with initialize.');
        session.lastUsed = Date.now();
        return session.transport.handleRequest(req, res, body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        return rpcError(res, 400, -32000, 'No session: send initialize first, then the Mcp-Session-Id header it returns.');
      }
      const own = [...sessions].filter(([, session]) => session.owner === caller.owner).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
      if (own.length >= perOwner) await closeSession(...own[0]!);
      if (sessions.size >= maxSessions) return rpcError(res, 503, -32000, `Too many open sessions (${maxSessions}); retry later.`);
      const server = newServer(caller.core);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, { transport, server, owner: caller.owner, lastUsed: Date.now() });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions].map(([id, session]) => closeSession(id, session)));
    },
  };
}

function rpcError(res: ServerResponse, status: number, code: number, message: string): void {
  const text = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
