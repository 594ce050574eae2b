import { LOG_LEVELS, type LogFields, type Logger, type LogLevel } from '@orcaops/plugin-api';

/** Where log lines go; stderr in both hosts, because stdout belongs to the MCP protocol. */
export interface LogSink {
  write(line: string): unknown;
}

/** A logger writing one JSON object per line, so that logs stay machine-readable in MCP client log files. */
export class StreamLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly level: LogLevel,
    private readonly bindings: LogFields = {},
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
  child(bindings: LogFields): Logger {
    return new StreamLogger(this.sink, this.level, { ...this.bindings, ...bindings });
  }

  private write(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.level)) return;
    const line = { time: new Date().toISOString(), level, msg: message, ...this.bindings, ...fields };
    try {
      this.sink.write(`${JSON.stringify(line, errorReplacer)}\n`);
    } catch {
      // A closed stderr must not take the server down with it.
    }
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
