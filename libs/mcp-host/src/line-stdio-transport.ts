import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC 2.0 error codes for messages that never reach the protocol layer. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/** Largest accepted line; a longer one is answered with an error and skipped, never buffered without bound. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Newline-delimited JSON-RPC over a pair of streams. Unlike the SDK's stdio transport, which drops a malformed
 * line silently (and closes on an oversized one), this answers it with a JSON-RPC error, as the specification
 * asks, and keeps serving. It also reports the end of input, so the host can shut down when the client goes.
 */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onStreamError);
    this.output.on('error', this.onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.pause();
    this.pending = [];
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
      this.takeLine(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    if (data.length === 0 || this.discarding) return;
    this.pendingBytes += data.length;
    if (this.pendingBytes > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      this.reject(INVALID_REQUEST, `Message larger than ${this.maxLineBytes} bytes; it was discarded.`);
      return;
    }
    this.pending.push(data);
  };

  private takeLine(tail: Buffer): void {
    const line = Buffer.concat([...this.pending, tail]).toString('utf8').replace(/\r$/, '');
    this.pending = [];
    this.pendingBytes = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    if (line.trim().length > 0) this.handleLine(line);
  }

  private handleLine(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      this.reject(PARSE_ERROR, `Parse error: ${(error as Error).message}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    // A response (or an error answer) is never answered, even a malformed one: two peers that answered each
    // other's bad responses would do so for ever.
    if (!parsed.success && isResponseShaped(json)) {
      this.onerror?.(new Error('Ignored a malformed JSON-RPC response.'));
      return;
    }
    if (!parsed.success) {
      const id = (json as { id?: unknown } | null)?.id;
      this.reject(INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message.', typeof id === 'string' || typeof id === 'number' ? id : null);
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reject(code: number, message: string, id: string | number | null = null): void {
    this.onerror?.(new Error(message));
    // JSON-RPC requires `id: null` when the request id could not be read; the SDK's message type does not allow it.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
    // A broken pipe means the client is gone; there is nobody left to serve.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') void this.close();
  };
}

/** An object without a method that carries a result or an error: a response, however malformed. */
function isResponseShaped(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !('method' in json) && ('result' in json || 'error' in json);
}
