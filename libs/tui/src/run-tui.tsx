import { render } from 'ink';
import { App } from './App.js';
import type { TuiCatalog, TuiInvoker } from './types.js';

export interface RunTuiOptions {
  readonly catalog: TuiCatalog;
  readonly invoker: TuiInvoker;
  readonly version: string;
  /** Start-up warnings shown under the header (e.g. plugins that failed to load). */
  readonly notices?: readonly string[];
  /** Closes the TUI from outside (SIGTERM, shutdown). */
  readonly signal?: AbortSignal;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  /**
   * Draw on the terminal's alternate screen, as full-screen tools do, so that quitting gives the shell back as
   * it was. Defaults to true when stdout is a terminal.
   */
  readonly alternateScreen?: boolean;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

/** Renders the TUI and resolves when the user quits or `signal` aborts. Never touches the DI container. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const alternate = options.alternateScreen ?? stdout.isTTY === true;
  // Leaving the alternate screen on any exit path, even process.exit from elsewhere, keeps the terminal usable.
  const restore = () => {
    if (alternate) stdout.write(LEAVE_ALTERNATE_SCREEN);
  };
  if (alternate) {
    stdout.write(ENTER_ALTERNATE_SCREEN);
    process.once('exit', restore);
  }
  try {
    const instance = render(
      <App catalog={options.catalog} invoker={options.invoker} version={options.version} notices={options.notices ?? []} />,
      {
        stdout,
        ...(options.stdin ? { stdin: options.stdin } : {}),
        ...(options.stderr ? { stderr: options.stderr } : {}),
        // The App handles Ctrl+C itself, so that it cancels the running call the same way `q` does.
        exitOnCtrlC: false,
      },
    );
    const close = () => instance.unmount();
    if (options.signal?.aborted) close();
    options.signal?.addEventListener('abort', close, { once: true });
    try {
      await instance.waitUntilExit();
    } finally {
      options.signal?.removeEventListener('abort', close);
    }
  } finally {
    restore();
    process.removeListener('exit', restore);
  }
}
