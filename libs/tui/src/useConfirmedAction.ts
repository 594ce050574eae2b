import { useRef, useState } from 'react';
import type { Key } from 'ink';
import type { ErrorPayload, ToolOutcome } from '@orcaops/plugin-api';
import { needsConfirmation } from './tool-policy.js';
import type { TuiInvoker, TuiTool } from './types.js';
import { initialChoices, useConfirmation, type ConfirmRequest, type PendingConfirmation } from './useConfirmation.js';
import { useToolCall } from './useToolCall.js';

/** One thing a view can do with a tool that changes something, e.g. stop the selected sandbox. */
export interface ActionSpec {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The question to ask first; the choices of its options are added to `args` by name. */
  readonly confirm: Omit<ConfirmRequest, 'onConfirm' | 'onCancel'>;
  /** What is being done, while it runs: "Starting sandbox demo". */
  readonly doing: string;
  /** One line saying what a success did. */
  readonly summary: (data: Record<string, unknown>) => string;
  /** After the call ended (not when it was cancelled), e.g. to read the list again. */
  readonly onDone?: (outcome: ToolOutcome) => void;
}

/** What the action panel shows. */
export type ActionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'confirm'; readonly pending: PendingConfirmation }
  | { readonly kind: 'running'; readonly doing: string; readonly messages: readonly string[] }
  | { readonly kind: 'succeeded'; readonly text: string }
  | { readonly kind: 'failed'; readonly doing: string; readonly error: ErrorPayload };

export interface ConfirmedAction {
  readonly state: ActionState;
  /** Asks for confirmation (when the tool policy wants it, i.e. for every tool that changes things), then calls. */
  request(spec: ActionSpec): void;
  /**
   * The view feeds every key here first: true when the action took it (the prompt is open, or a call runs: Esc
   * cancels it and other keys wait), false when the view should handle it.
   */
  handleKey(input: string, key: Key): boolean;
}

/**
 * A tool call a view makes on the user's request, asking first: the confirmation, then the call with its progress
 * messages, then its outcome (a one-line summary, or the error with its suggestion) until the next action. One
 * action at a time; leaving the view aborts a call still running.
 */
export function useConfirmedAction(invoker: TuiInvoker, tools: ReadonlyMap<string, TuiTool>): ConfirmedAction {
  const call = useToolCall(invoker);
  const confirmation = useConfirmation();
  const [note, setNote] = useState<string | null>(null);
  const live = useRef<{ spec: ActionSpec | null; running: boolean }>({ spec: null, running: false });

  const start = (spec: ActionSpec, tool: TuiTool, choices: Readonly<Record<string, boolean>>) => {
    live.current = { spec, running: true };
    call.run(tool, { ...spec.args, ...choices }, (outcome) => {
      live.current.running = false;
      spec.onDone?.(outcome);
    });
  };

  const request = (spec: ActionSpec) => {
    if (live.current.running) return;
    const tool = tools.get(spec.tool);
    if (!tool) {
      setNote(`${spec.tool} is not loaded, so this cannot be done here. Run orcaops_system_info to see which plugins failed.`);
      return;
    }
    setNote(null);
    if (!needsConfirmation(tool)) {
      start(spec, tool, initialChoices(spec.confirm.options));
      return;
    }
    confirmation.ask({
      ...spec.confirm,
      onConfirm: (choices) => start(spec, tool, choices),
      onCancel: () => setNote('Cancelled; nothing was changed.'),
    });
  };

  const handleKey = (input: string, key: Key): boolean => {
    if (confirmation.handleKey(input, key)) return true;
    if (!live.current.running) return false;
    if (key.escape) {
      live.current.running = false;
      call.cancel();
      setNote(`Cancelled: ${live.current.spec?.doing ?? 'the action'}. What it did until then stays done.`);
    }
    return true;
  };

  return { state: actionState(confirmation.pending, call.state, live.current.spec, note), request, handleKey };
}

function actionState(pending: PendingConfirmation | null, call: ReturnType<typeof useToolCall>['state'], spec: ActionSpec | null, note: string | null): ActionState {
  if (pending) return { kind: 'confirm', pending };
  if (call.status === 'running') return { kind: 'running', doing: spec?.doing ?? call.tool.title, messages: call.messages };
  if (call.status === 'done' && note === null) {
    if (!call.outcome.ok) return { kind: 'failed', doing: spec?.doing ?? call.tool.title, error: call.outcome.error };
    return { kind: 'succeeded', text: spec ? spec.summary(call.outcome.data) : `${call.tool.title}: done` };
  }
  return note === null ? { kind: 'idle' } : { kind: 'note', text: note };
}
