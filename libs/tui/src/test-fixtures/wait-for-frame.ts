import { stripVTControlCharacters } from 'node:util';

/**
 * Polls the last rendered frame (ANSI stripped) until `predicate` holds. Ink handles stdin writes and re-renders
 * asynchronously, so tests wait for the screen they expect instead of sleeping a fixed time.
 */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = stripVTControlCharacters(lastFrame() ?? '');
    if (predicate(frame)) {
      await drainScheduledWork();
      const settled = stripVTControlCharacters(lastFrame() ?? '');
      if (predicate(settled)) return settled;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for the frame; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for `text` to appear. */
export function waitForText(lastFrame: () => string | undefined, text: string, timeoutMs?: number): Promise<string> {
  return waitForFrame(lastFrame, (frame) => frame.includes(text), timeoutMs);
}

/**
 * Ink draws a frame when React commits, but React attaches the new screen's input handlers in effects it runs as
 * later tasks (setImmediate in Node); a key typed before they run reaches the previous screen. Under load that gap
 * is wide enough to lose keys, so a matched frame counts only once the scheduled work has drained.
 */
async function drainScheduledWork(): Promise<void> {
  for (let round = 0; round < 3; round++) await new Promise((resolve) => setImmediate(resolve));
}
