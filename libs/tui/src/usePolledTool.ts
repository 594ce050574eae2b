import { useEffect, useRef, useState } from 'react';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { invokeSafely } from './invoke-safely.js';
import type { TuiInvoker } from './types.js';

/** One tool call to repeat: the tool's name and its arguments. */
export interface PollRequest {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The latest answer to a polled call; `at` is when it arrived (ms since the epoch), for "running for 4 s". */
export type PollState =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly outcome: ToolOutcome; readonly at: number };

const LOADING: PollState = { status: 'loading' };

/** After an answer: how many ms until the next call, or null for none (e.g. the job it shows has ended). */
export type NextPoll = (outcome: ToolOutcome) => number | null;

/**
 * Calls a tool, then again as long as `next(outcome)` gives a delay (e.g. every 2 s while the job it shows is
 * queued or running). A new request (other tool or arguments) starts over; leaving the screen aborts the call in
 * flight and drops its late answer. Between answers the previous one stays on screen, so a refresh never
 * flickers. `request: null` calls nothing. `next` is read at each answer, so it may change between renders.
 * Changing `generation` asks again at once (e.g. after an action changed what is shown), keeping the answer on
 * screen until the new one arrives.
 *
 * An answer equal to the one on screen changes nothing, so the view does not render again (a live dashboard
 * redraws only what changed). `ticks(outcome)` says the view shows times counted from `at` (a job running for
 * 12 s): then every answer renders, to move the clock on.
 */
export function usePolledTool(invoker: TuiInvoker, request: PollRequest | null, next: NextPoll, generation = 0, ticks: (outcome: ToolOutcome) => boolean = () => false): PollState {
  const key = request === null ? null : `${request.name} ${JSON.stringify(request.args)}`;
  const [state, setState] = useState<{ readonly key: string | null; readonly poll: PollState }>({ key: null, poll: LOADING });
  const live = useRef({ request, next, ticks, shown: '' });
  live.current = { ...live.current, request, next, ticks };

  useEffect(() => {
    const target = live.current.request;
    if (key === null || target === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      void invokeSafely(invoker, target.name, target.args, { signal: controller.signal }).then((outcome) => {
        if (controller.signal.aborted) return;
        const shown = `${key} ${JSON.stringify(outcome)}`;
        if (shown !== live.current.shown || live.current.ticks(outcome)) setState({ key, poll: { status: 'done', outcome, at: Date.now() } });
        live.current.shown = shown;
        const delay = live.current.next(outcome);
        if (delay !== null) timer = setTimeout(tick, delay);
      });
    };
    tick();
    return () => {
      live.current.shown = '';
      clearTimeout(timer);
      controller.abort(new Error('The view closed'));
    };
  }, [invoker, key, generation]);

  // An answer to an earlier request is never shown for the current one.
  return state.key === key ? state.poll : LOADING;
}
