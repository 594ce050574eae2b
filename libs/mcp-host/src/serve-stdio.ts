import type { Readable, Writable } from 'node:stream';
import { createMcpServer, type McpHostOptions } from './create-mcp-server.js';
import { LineStdioTransport } from './line-stdio-transport.js';

/** A running stdio server. */
export interface StdioSession {
  /** Resolves when the client closes its end (stdin ends) or {@link StdioSession.close} is called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Serves the catalog over newline-delimited JSON-RPC on the given streams (stdin and stdout by default). */
export async function serveStdio(
  options: McpHostOptions & { readonly input?: Readable; readonly output?: Writable },
): Promise<StdioSession> {
  const server = createMcpServer(options);
  const transport = new LineStdioTransport(options.input ?? process.stdin, options.output ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    // Chained: the server's own parts (resource watches, log forwarding) clean up on close too.
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  server.onerror = (error) => options.log.debug('mcp protocol error', { error: error.message });
  await server.connect(transport);
  return { closed, close: () => server.close() };
}
