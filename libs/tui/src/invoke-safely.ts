import { DEFAULT_SUGGESTIONS, type ToolOutcome } from '@orcaops/plugin-api';
import type { TuiInvokeOptions, TuiInvoker } from './types.js';

/**
 * `invoker.invoke`, but a throw becomes an `INTERNAL` outcome. The contract says invoke never throws; a broken
 * fake or plugin host must still not crash the screen.
 */
export function invokeSafely(invoker: TuiInvoker, name: string, args: unknown, options: TuiInvokeOptions): Promise<ToolOutcome> {
  return invoker.invoke(name, args, options).catch((error: unknown): ToolOutcome => ({
    ok: false,
    error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), suggestion: DEFAULT_SUGGESTIONS.INTERNAL },
  }));
}
