import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isOrcaError, OrcaError, type Logger } from '@orcaops/plugin-api';
import { AuditLog, type CatalogEntry, type Invoker } from '@orcaops/kernel';
import type { McpCore } from '@orcaops/mcp-host';
import { createMcpHttpEndpoint } from '@orcaops/mcp-host/http';
import { ApiKeyStore, KEY_SCOPES, type KeyScope } from '../auth/api-key-store.js';
import { requiredScope, scopeAllows } from '../auth/scopes.js';
import { httpAuditRecord, type HttpAuditEntry } from '../audit/http-audit-entry.js';
import { auditFile, isLoopback, type HttpConfig } from '../config/http-config.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { ARTIFACT_TOOL, downloadArtifact } from '../rest/artifact-download.js';
import { callOperation } from '../rest/call-operation.js';
import { LOG_STREAM_TOOLS, streamJobLogs } from '../rest/log-stream.js';
import { Router } from '../rest/router.js';
import { statusOf } from '../rest/status-codes.js';
import { httpOperations } from '../routes/operations.js';
import { selectTools } from '@orcaops/kernel';
import { authenticate, CallLimits, checkHostAndOrigin, checkScope, type Caller } from './guards.js';
import { clientAddress, fromOrcaError, HttpError, readJsonBody, sendError, sendJson, sendRpcError } from './http-io.js';

/** What the HTTP host needs from the kernel. */
export interface HttpCore {
  readonly catalog: { readonly entries: readonly CatalogEntry[] };
  readonly invoker: Pick<Invoker, 'invoke'>;
}

export interface HttpHostOptions {
  readonly core: HttpCore;
  readonly config: HttpConfig;
  readonly version: string;
  readonly log: Logger;
  /** Serve without API keys: every caller is admin. Refused unless the address is loopback. */
  readonly noAuth?: boolean;
  /** The configured reply limits (`replies`), told to MCP clients at /mcp. */
  readonly replyLimits?: { readonly defaultBytes: number; readonly maxBytes: number };
}

export interface HttpHost {
  /** Where it listens, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** Stops accepting, ends open MCP sessions and flushes the audit log. */
  close(): Promise<void>;
}

const ARTIFACT_PATH = /^\/v1\/jobs\/([^/]+)\/artifacts\/(.+)$/;
const LOG_STREAM_PATH = /^\/v1\/jobs\/([^/]+)\/logs\/stream$/;

/**
 * `orcaops serve`: the catalog over HTTP. REST under /v1 (each tool at its declared route and at
 * /v1/tools/<name>), /openapi.json, remote MCP at /mcp, live job logs as Server-Sent Events and artifact downloads,
 * behind Host/Origin checks, API keys with scopes, rate limits, a concurrency cap and an audit log.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { config, log, core } = options;
  const keys = options.noAuth ? null : new ApiKeyStore(config.stateDir);
  await refuseUnsafeBind(config, keys, options.noAuth ?? false);

  const { selected, unknown } = selectTools(core.catalog.entries, config.tools);
  for (const name of unknown) log.warn(`http.tools names ${name}, which is not a loaded tool`);
  const served = new Set(selected.map((entry) => entry.tool.name));
  const operations = httpOperations(selected);
  for (const clash of operations.clashes) log.warn(clash);
  const router = new Router(operations.all);
  const limits = new CallLimits(config);
  const stopping = new AbortController();
  const audit = new AuditLog<HttpAuditEntry>({
    file: auditFile(config.stateDir),
    toRecord: httpAuditRecord,
    maxBytes: config.audit.maxBytes,
    keep: config.audit.keep,
    onError: (error) => log.warn('audit log write failed', { error: error instanceof Error ? error.message : String(error) }),
  });
  const mcp = createMcpHttpEndpoint({
    version: options.version,
    log,
    stateless: config.mcp.stateless,
    sessionIdleMs: config.mcp.sessionIdleSeconds * 1000,
    maxSessionsPerOwner: config.mcp.maxSessionsPerKey,
    ...(options.replyLimits ? { replyLimits: options.replyLimits } : {}),
  });
  const mcpCores = new Map(KEY_SCOPES.map((scope) => [scope, scopedCore(core, selected, scope)] as const));

  let serverUrl = config.publicUrl ?? '';
  let openApiText = '';
  const openApi = () =>
    (openApiText ||= JSON.stringify(buildOpenApiDocument({ operations: operations.primary, version: options.version, serverUrl, apiKeyHeader: config.apiKeyHeader })));

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, record: AuditDraft): Promise<void> {
    checkHostAndOrigin(req, config);
    if (req.method === 'OPTIONS') return preflight(req, res, config);
    const { pathname } = url;
    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return sendJson(res, 200, { success: true, status: 'ok', version: options.version });
    if (pathname === '/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...corsHeaders(req, config) });
      res.end(req.method === 'HEAD' ? undefined : openApi());
      return;
    }

    // Counted before the key is checked, so that guessing keys is rate limited too.
    record.headers = { ...limits.admitAddress(record.address), ...corsHeaders(req, config) };
    const caller = await authenticate(req, config, keys, record.address);
    record.keyId = caller.key?.id ?? null;
    if (caller.key) record.headers = { ...record.headers, ...limits.admitKey(caller.key.id) };
    const headers = record.headers;
    // Set on the response itself, so that every writer (the MCP transport, event streams, downloads) sends them.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const streaming = (pathname === '/mcp' && req.method === 'GET') || (req.method === 'GET' && LOG_STREAM_PATH.test(pathname));
    const release = limits.enter(streaming ? 'stream' : 'call');
    try {
      if (pathname === '/mcp') return await serveMcp(req, res, caller, record);
      const artifact = req.method === 'GET' || req.method === 'HEAD' ? ARTIFACT_PATH.exec(pathname) : null;
      if (artifact && served.has(ARTIFACT_TOOL)) {
        record.tool = ARTIFACT_TOOL;
        checkScope(caller, 'read', 'Downloading an artifact');
        const done = await downloadArtifact(decode(artifact[1]!), decode(artifact[2]!), req, res, core.invoker);
        record.status = done.status;
        record.outcome = done.outcome;
        return;
      }
      const stream = req.method === 'GET' ? LOG_STREAM_PATH.exec(pathname) : null;
      if (stream && LOG_STREAM_TOOLS.every((tool) => served.has(tool))) {
        record.tool = LOG_STREAM_TOOLS[0];
        checkScope(caller, 'read', 'Following a job\'s logs');
        const lastEventId = req.headers['last-event-id'];
        const done = await streamJobLogs(decode(stream[1]!), url.searchParams, typeof lastEventId === 'string' ? lastEventId : undefined, res, core.invoker);
        record.status = done.status;
        record.outcome = done.outcome;
        return;
      }
      const match = router.match(req.method ?? 'GET', pathname);
      if (match.kind === 'method-not-allowed') {
        throw new HttpError(405, 'VALIDATION_ERROR', `${req.method} is not served at ${pathname}.`, `Use ${match.allowed.join(' or ')}.`, { Allow: match.allowed.join(', ') });
      }
      if (match.kind === 'none') {
        throw new HttpError(404, 'NOT_FOUND', `Nothing is served at ${req.method} ${pathname}.`, 'GET /openapi.json lists every operation; every tool served is also at POST /v1/tools/<tool name>.');
      }
      const { tool } = match.operation;
      record.tool = tool.name;
      checkScope(caller, requiredScope(tool), tool.name);
      const done = await callOperation(match.operation, match.pathValues, req, res, { url, config, invoker: core.invoker, headers, shutdown: stopping.signal });
      record.status = done.status;
      record.outcome = done.outcome;
    } finally {
      release();
    }
  }

  async function serveMcp(req: IncomingMessage, res: ServerResponse, caller: Caller, record: AuditDraft): Promise<void> {
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      throw new HttpError(405, 'VALIDATION_ERROR', `${req.method} is not served at /mcp.`, 'Use POST, GET or DELETE.', { Allow: 'POST, GET, DELETE' });
    }
    const body = req.method === 'POST' ? await readJsonBody(req, res, config.maxBodyBytes) : undefined;
    record.tool = calledTool(body);
    await mcp.handle(req, res, body, { owner: caller.key?.id ?? null, core: mcpCores.get(caller.scope)! });
    record.status = res.statusCode;
    record.outcome = outcomeOfStatus(res.statusCode);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    // Taken now: once a request is cut off (a body over the limit), Node detaches its socket.
    const address = clientAddress(req, config.trustProxy);
    const record: AuditDraft = { keyId: null, tool: null, status: 0, outcome: 'ok', headers: {}, address };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://orcaops.invalid');
    } catch {
      url = new URL('http://orcaops.invalid/');
    }
    route(req, res, url, record)
      .catch((error: unknown) => {
        const answer = error instanceof HttpError ? error : isOrcaError(error) ? fromOrcaError(error, statusOf(error.code)) : internal(error, log);
        record.status = answer.status;
        record.outcome = answer.code;
        (url.pathname === '/mcp' ? sendRpcError : sendError)(res, answer, record.headers);
      })
      .finally(() => {
        if (url.pathname === '/healthz' || url.pathname === '/openapi.json' || req.method === 'OPTIONS') return;
        audit.append({
          time: new Date(started).toISOString(),
          host: 'http',
          key_id: record.keyId,
          client: address,
          method: req.method ?? '',
          path: url.pathname,
          tool: record.tool,
          status: record.status || res.statusCode,
          outcome: record.outcome,
          duration_ms: Date.now() - started,
        });
      })
      // Nothing about one request may take the server down.
      .catch((error: unknown) => log.error('http request handling failed', { error: error instanceof Error ? error.message : String(error) }));
  };

  // Node checks the header and request deadlines on this interval (30 s by default, longer than the deadlines).
  const checks = { connectionsCheckingInterval: Math.min(1000, config.timeouts.headersMs) };
  const server: Server = config.tls
    ? createHttpsServer({ ...checks, cert: await readTlsFile(config.tls.cert), key: await readTlsFile(config.tls.key) }, handler)
    : createHttpServer(checks, handler);
  // A client that asks before sending its body (Expect: 100-continue) is answered like any other request; the body
  // reader says go on only when the declared size fits, so a too-large body is refused (413) before it is uploaded.
  server.on('checkContinue', handler);
  // Slow clients cannot hold the server: headers and the whole request have deadlines, idle sockets close.
  server.headersTimeout = config.timeouts.headersMs;
  server.requestTimeout = config.timeouts.requestMs;
  server.keepAliveTimeout = config.timeouts.idleMs;
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${address.port}`;
  // A wildcard address is where it listens, not where it is reached: name loopback unless publicUrl says otherwise.
  serverUrl ||= url.replace(/\/\/(0\.0\.0\.0|\[::\])/, address.family === 'IPv6' ? '//[::1]' : '//127.0.0.1');
  log.info('http host listening', { url, auth: keys ? 'api keys' : 'none', tools: served.size });

  return {
    url,
    async close() {
      // Calls under way end now with what they have (a job's id, say), and those answers still go out; streams and
      // anything else still open are cut two seconds later.
      stopping.abort();
      await mcp.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await audit.close();
    },
  };
}

interface AuditDraft {
  keyId: string | null;
  tool: string | null;
  status: number;
  outcome: string;
  /** The caller's rate-limit state and CORS headers, sent with errors too. */
  headers: Record<string, string>;
  /** The client, as the limits and the audit log name it. */
  readonly address: string;
}

/** The tool a JSON-RPC request (or batch) calls, for the audit log: the first tools/call's name. */
function calledTool(body: unknown): string | null {
  const messages = Array.isArray(body) ? body : [body];
  for (const message of messages) {
    const params = (message as { method?: unknown; params?: { name?: unknown } } | null)?.params;
    if ((message as { method?: unknown } | null)?.method === 'tools/call' && typeof params?.name === 'string') return params.name.slice(0, 200);
  }
  return null;
}

/** What the MCP endpoint's HTTP status says, in the audit log's terms (a tool's own error stays in its reply). */
function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  if (status === 404) return 'NOT_FOUND';
  if (status === 503 || status === 429) return 'LIMIT_EXCEEDED';
  return status < 500 ? 'VALIDATION_ERROR' : 'INTERNAL';
}

/** A server others can reach must not run without keys or answer to any Host. */
async function refuseUnsafeBind(config: HttpConfig, keys: ApiKeyStore | null, noAuth: boolean): Promise<void> {
  // Loopback behind a reverse proxy is exposed all the same: without keys, only when nothing says it is public.
  const publicName = config.publicUrl !== undefined && !isLoopback(new URL(config.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1'));
  if (noAuth && (config.allowedHosts.length > 0 || publicName)) {
    throw new OrcaError('CONFIG_INVALID', '--no-auth is refused when http.allowedHosts or a public http.publicUrl says the server is reached from elsewhere.', {
      suggestion: 'Create an API key (orcaops keys create) and serve with keys.',
    });
  }
  if (isLoopback(config.host)) return;
  if (noAuth) {
    throw new OrcaError('CONFIG_INVALID', `--no-auth is only allowed on a loopback address, not ${config.host}.`, { suggestion: 'Create an API key (orcaops keys create) and serve with keys.' });
  }
  if (!(await keys!.hasActiveKeys()) || config.allowedHosts.length === 0) {
    throw new OrcaError('CONFIG_INVALID', `Listening on ${config.host} needs at least one API key and http.allowedHosts.`, {
      suggestion: 'Run "orcaops keys create --name NAME --scope read|run|admin" and set http.allowedHosts to the names clients use; or listen on 127.0.0.1 behind a reverse proxy.',
    });
  }
}

/** The MCP view of the catalog for one scope: only the selected tools that scope may call. */
function scopedCore(core: HttpCore, selected: readonly CatalogEntry[], scope: KeyScope): McpCore {
  const allowed = selected.filter((entry) => scopeAllows(scope, requiredScope(entry.tool)));
  const names = new Set(allowed.map((entry) => entry.tool.name));
  // Resources, prompts and completions call tools too: only those this view offers.
  const invoker: McpCore['invoker'] = {
    invoke: (name, args, options) =>
      names.has(name)
        ? core.invoker.invoke(name, args, options)
        : Promise.resolve({ ok: false, error: { code: 'TOOL_NOT_FOUND', message: `${name} is not served here.`, suggestion: 'Ask the server\'s operator for a key whose scope and http.tools include it.' } }),
  };
  return { catalog: { entries: allowed }, invoker };
}

function corsHeaders(req: IncomingMessage, config: HttpConfig): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !config.allowedOrigins.includes(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'Mcp-Session-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After' };
}

function preflight(req: IncomingMessage, res: ServerResponse, config: HttpConfig): void {
  res.writeHead(204, {
    ...corsHeaders(req, config),
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': `Authorization, Content-Type, ${config.apiKeyHeader}, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, Range, If-None-Match, If-Range`,
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'VALIDATION_ERROR', 'The path is not valid percent-encoding.', 'Encode path segments with encodeURIComponent.');
  }
}

function internal(error: unknown, log: Logger): HttpError {
  log.error('http request failed', { error: error instanceof Error ? error.stack ?? error.message : String(error) });
  return new HttpError(500, 'INTERNAL', 'OrcaOps failed to answer this request.', 'Retry; if it keeps failing, run the server with --debug and report the log.');
}

async function readTlsFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new OrcaError('CONFIG_INVALID', `Cannot read ${path} (http.tls): ${(error as Error).message}.`, { suggestion: 'Point http.tls.cert and http.tls.key at readable PEM files.' });
  }
}
