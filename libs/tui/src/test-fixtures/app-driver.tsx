import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { App } from '../App.js';
import type { TuiTool } from '../types.js';
import { RESOURCE_CATALOG_TOOLS, cannedInvoker, fakeCatalog, type CannedAnswer } from './fake-kernel.js';
import { waitForFrame, waitForText } from './wait-for-frame.js';

export const KEY = { up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C', enter: '\r', escape: '\u001B' } as const;
/** Short, so that refreshes happen within a test without fake timers; the default is 2 s. */
export const REFRESH_MS = 20;

/** The App over the fake catalog (with the sandbox and container tools) and a canned invoker; it starts on the tool list unless told otherwise. */
export function renderApp(answers: Record<string, CannedAnswer>, options: { tools?: readonly TuiTool[]; rows?: number; onQuit?: () => void; initialView?: 'home' | 'list' } = {}) {
  const invoker = cannedInvoker(answers);
  const view = render(
    <App
      catalog={fakeCatalog(options.tools ?? RESOURCE_CATALOG_TOOLS)}
      invoker={invoker}
      version="9.9.9"
      refreshMs={REFRESH_MS}
      initialView={options.initialView ?? 'list'}
      {...(options.rows === undefined ? {} : { rows: options.rows })}
      {...(options.onQuit ? { onQuit: options.onQuit } : {})}
    />,
  );
  const screen = () => stripVTControlCharacters(view.lastFrame() ?? '');
  return {
    ...view,
    invoker,
    screen,
    /** Types `keys` and waits for `text`. */
    press: (keys: string, text: string) => {
      view.stdin.write(keys);
      return waitForText(view.lastFrame, text);
    },
    waitFor: (predicate: (frame: string) => boolean) => waitForFrame(view.lastFrame, predicate),
    waitForText: (text: string) => waitForText(view.lastFrame, text),
  };
}

/** A promise and its resolver, for an answer the test gives later. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
