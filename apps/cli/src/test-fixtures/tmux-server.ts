import { execFileSync, spawnSync } from 'node:child_process';

/** tmux is there, or must be (CI=true: tools/test-engine/up.sh installs it); elsewhere the tmux tests skip. */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0 || process.env['CI'] === 'true';

/** A word for `sh -c`, quoted. */
export const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * A private tmux server (its own socket, so a test never touches the user's sessions) with one session named
 * `session`: `tmux` runs a tmux command on it; `waitForScreen` polls the visible screen until `predicate` holds,
 * because the app redraws asynchronously after every key.
 */
export function tmuxServer(name: string, session: string, waitMs: number) {
  const socket = `${name}-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const waitForScreen = async (predicate: (screen: string) => boolean, what: string): Promise<string> => {
    const deadline = Date.now() + waitMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = tmux('capture-pane', '-p', '-t', session);
      if (predicate(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}; the screen was:\n${screen}`);
  };
  /** Ends the server and its sessions (nothing to end is fine). */
  const killServer = () => void spawnSync('tmux', ['-L', socket, 'kill-server']);
  return { tmux, waitForScreen, killServer };
}
