import { createReplyBudget, type ProgressUpdate, type ToolContext } from '@orcaops/plugin-api';
import { silentLogger } from './silent-logger.js';

/** A tool context as the invoker builds one (default reply budget, silent log), for calling `tool.run` directly. */
export function testToolContext(options: { signal?: AbortSignal; progress?: (update: ProgressUpdate) => void; replyLimit?: number } = {}): ToolContext {
  return {
    signal: options.signal ?? new AbortController().signal,
    log: silentLogger,
    progress: options.progress ?? (() => undefined),
    reply: createReplyBudget(options.replyLimit),
  };
}
