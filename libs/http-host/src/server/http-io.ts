import type { IncomingMessage, ServerResponse } from 'node:http';
import { OrcaError } from '@orcaops/plugin-api';

/** An error the host answers itself (before or around a tool call), in the tools' envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly suggestion: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Writes `body` as JSON with `status`; the envelope shape is the same for host and tool answers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** `headers` (e.g. the caller's rate-limit state) go out too, under the error's own. */
export function sendError(res: ServerResponse, error: HttpError, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, error.status, { success: false, error: { code: error.code, message: error.message, suggestion: error.suggestion } }, { ...headers, ...error.headers });
}

/**
 * The request body as JSON, refused before it is read when it says it is too large, and cut off (413) when it
 * turns out to be; only `application/json` is taken.
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  const declared = req.headers['content-length'];
  const hasBody = declared !== undefined ? declared !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'VALIDATION_ERROR', `The request body must be application/json, not "${type || 'unspecified'}".`, 'Send the arguments as a JSON object with Content-Type: application/json.');
  }
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  // The client waits for this before it sends the body (Expect: 100-continue).
  if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'VALIDATION_ERROR', `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}.`, 'Send a JSON object of the tool\'s arguments.');
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'LIMIT_EXCEEDED', `The request body is larger than ${maxBytes} bytes.`, 'Send less (inputs belong in files or directories the job copies), or raise http.maxBodyBytes.', { Connection: 'close' });
}

/**
 * A refusal at /mcp, in JSON-RPC's shape (what MCP clients parse), with the same status and headers; OrcaOps's
 * code and suggestion ride in `error.data`.
 */
export function sendRpcError(res: ServerResponse, error: HttpError, headers: Readonly<Record<string, string>> = {}): void {
  const rpcCode = error.status === 400 && error.message.startsWith('The request body is not valid JSON') ? -32700 : error.status === 400 ? -32600 : -32000;
  sendJson(res, error.status, { jsonrpc: '2.0', error: { code: rpcCode, message: error.message, data: { code: error.code, suggestion: error.suggestion } }, id: null }, { ...headers, ...error.headers });
}

/** An OrcaError thrown while preparing a call, as the host's answer. */
export function fromOrcaError(error: OrcaError, status: number): HttpError {
  return new HttpError(status, error.code, error.message, error.suggestion);
}

/**
 * The client's address, as the rate limiter and the audit log know it: the socket's, or behind a trusted reverse
 * proxy the last X-Forwarded-For entry (the one the proxy added; earlier ones are whatever the client sent).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return last || (req.socket?.remoteAddress ?? 'unknown');
}

/** Resolves when the socket takes more, or is gone (a client that went away must not hold a writer). */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
