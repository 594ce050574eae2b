import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgressUpdate, ToolOutcome } from '@orcaops/plugin-api';
import { invokeSafely } from './invoke-safely.js';
import type { TuiInvoker, TuiTool } from './types.js';

/** The one call the TUI runs at a time. */
export type CallState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly tool: TuiTool; readonly progress?: ProgressUpdate }
  | { readonly status: 'done'; readonly tool: TuiTool; readonly outcome: ToolOutcome; readonly ms: number };

/**
 * Runs tools through the invoker and tracks the current call. Leaving the result view or quitting aborts the
 * call, so a slow tool never outlives the screen that asked for it; a late answer from an aborted call is dropped.
 */
export function useToolCall(invoker: TuiInvoker): { state: CallState; run: (tool: TuiTool) => void; cancel: () => void } {
  const [state, setState] = useState<CallState>({ status: 'idle' });
  const current = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    current.current?.abort(new Error('Cancelled from the TUI'));
    current.current = null;
    setState({ status: 'idle' });
  }, []);

  const run = useCallback(
    (tool: TuiTool) => {
      current.current?.abort(new Error('Superseded by another call'));
      const controller = new AbortController();
      current.current = controller;
      const started = performance.now();
      setState({ status: 'running', tool });
      const onProgress = (progress: ProgressUpdate) => {
        if (current.current === controller) setState({ status: 'running', tool, progress });
      };
      invokeSafely(invoker, tool.name, {}, { signal: controller.signal, onProgress }).then((outcome) => {
        if (current.current !== controller) return;
        current.current = null;
        setState({ status: 'done', tool, outcome, ms: Math.round(performance.now() - started) });
      });
    },
    [invoker],
  );

  useEffect(() => () => current.current?.abort(new Error('The TUI closed')), []);

  return { state, run, cancel };
}
