import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SetLevelRequestSchema, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

/** Where the server's log lines go (StreamLogger's sink): one JSON object per line. */
export interface LineSink {
  write(line: string): unknown;
}

const SEVERITY: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
/** OrcaOps's levels as MCP's. */
const MCP_LEVEL: Readonly<Record<string, LoggingLevel>> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };

/**
 * The MCP logging capability: the server's own log lines (as it writes them to stderr, at its configured level) are
 * also sent as `notifications/message` to each client that asked with `logging/setLevel`, at that level or above.
 * Clients that never asked get nothing, so a quiet client is not flooded.
 */
export class LogForwarder implements LineSink {
  private readonly levels = new Map<Server, LoggingLevel>();

  constructor(private readonly inner: LineSink) {}

  write(line: string): unknown {
    const written = this.inner.write(line);
    if (this.levels.size > 0) this.forward(line);
    return written;
  }

  /** Answers `logging/setLevel` for `server`, and forwards to it from then on until it closes. */
  attach(server: Server): void {
    server.setRequestHandler(SetLevelRequestSchema, async (request) => {
      this.levels.set(server, request.params.level);
      return {};
    });
    const previous = server.onclose;
    server.onclose = () => {
      this.levels.delete(server);
      previous?.();
    };
  }

  private forward(line: string): void {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const level = MCP_LEVEL[String(entry['level'])] ?? 'info';
    for (const [server, wanted] of this.levels) {
      if (SEVERITY.indexOf(level) < SEVERITY.indexOf(wanted)) continue;
      server.sendLoggingMessage({ level, logger: 'orcaops', data: entry }).catch(() => undefined);
    }
  }
}
