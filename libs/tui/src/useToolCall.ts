import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgressUpdate, ToolOutcome } from '@orcaops/plugin-api';
import { invokeSafely } from './invoke-safely.js';
import type { TuiInvoker, TuiTool } from './types.js';

/** How many of the latest progress messages a running call keeps (e.g. compose output while a sandbox starts). */
export const PROGRESS_MESSAGES = 6;

/** The one call the TUI runs at a time. */
export type CallState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly tool: TuiTool;
      readonly args: Readonly<Record<string, unknown>>;
      readonly progress?: ProgressUpdate;
      /** The latest progress messages, oldest first, at most {@link PROGRESS_MESSAGES}. */
      readonly messages: readonly string[];
    }
  | { readonly status: 'done'; readonly tool: TuiTool; readonly args: Readonly<Record<string, unknown>>; readonly outcome: ToolOutcome; readonly ms: number };

export interface ToolCall {
  readonly state: CallState;
  /** Runs `tool` with `args` (default `{}`), aborting the call before it; `onDone` hears the outcome unless it is aborted. */
  run(tool: TuiTool, args?: Readonly<Record<string, unknown>>, onDone?: (outcome: ToolOutcome) => void): void;
  /** Aborts the call in flight, if any, and forgets the last outcome. */
  cancel(): void;
}

/**
 * Runs tools through the invoker and tracks the current call. Leaving the view that made it or quitting aborts the
 * call, so a slow tool never outlives the screen that asked for it; a late answer from an aborted call is dropped.
 */
export function useToolCall(invoker: TuiInvoker): ToolCall {
  const [state, setState] = useState<CallState>({ status: 'idle' });
  const current = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    current.current?.abort(new Error('Cancelled from the TUI'));
    current.current = null;
    setState({ status: 'idle' });
  }, []);

  const run = useCallback(
    (tool: TuiTool, args: Readonly<Record<string, unknown>> = {}, onDone?: (outcome: ToolOutcome) => void) => {
      current.current?.abort(new Error('Superseded by another call'));
      const controller = new AbortController();
      current.current = controller;
      const started = performance.now();
      let messages: readonly string[] = [];
      setState({ status: 'running', tool, args, messages });
      const onProgress = (progress: ProgressUpdate) => {
        if (current.current !== controller) return;
        if (progress.message) messages = [...messages, progress.message].slice(-PROGRESS_MESSAGES);
        setState({ status: 'running', tool, args, progress, messages });
      };
      void invokeSafely(invoker, tool.name, args, { signal: controller.signal, onProgress }).then((outcome) => {
        if (current.current !== controller) return;
        current.current = null;
        setState({ status: 'done', tool, args, outcome, ms: Math.round(performance.now() - started) });
        onDone?.(outcome);
      });
    },
    [invoker],
  );

  useEffect(() => () => current.current?.abort(new Error('The TUI closed')), []);

  return { state, run, cancel };
}
