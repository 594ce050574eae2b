import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LogSink } from '@orcaops/kernel';

/** Where the log goes when ORCAOPS_HOME cannot be written (read-only home, bad permissions). */
export const FALLBACK_LOG_FILE = join(tmpdir(), 'orcaops-tui.log');

/**
 * The kernel's log sink while the TUI owns the terminal: a log line on stderr would be drawn into the middle of
 * Ink's screen. The file lives under ORCAOPS_HOME, which is only known once the kernel has read its configuration,
 * so lines logged during start-up are held in memory until {@link open} names the file (or, if start-up fails,
 * printed to stderr by {@link flushTo}, since they explain the failure and no screen is up yet).
 *
 * Writes are synchronous: at the TUI's default level (warn) lines are rare, and a crash loses none of them.
 */
export class DeferredFileLogSink implements LogSink {
  private pending: string[] = [];
  private fd: number | null = null;
  private discarding = false;
  /** Warning and error lines seen, so the CLI can point at the file after the TUI closes. */
  problems = 0;

  constructor(private readonly fallback: string = FALLBACK_LOG_FILE) {}

  write(line: string): void {
    if (isProblem(line)) this.problems += 1;
    if (this.fd !== null) {
      try {
        writeSync(this.fd, line);
      } catch {
        // A full disk must not take the TUI down; the line is lost, the screen is not.
      }
    } else if (!this.discarding) {
      this.pending.push(line);
    }
  }

  /**
   * Opens `path` for appending (creating its directory) and writes what was held back. Falls back to the
   * fallback file ({@link FALLBACK_LOG_FILE}); returns the file in use, or null when neither could be opened.
   */
  open(path: string): string | null {
    for (const candidate of [path, this.fallback]) {
      try {
        mkdirSync(dirname(candidate), { recursive: true });
        this.fd = openSync(candidate, 'a', 0o600);
        for (const line of this.pending) writeSync(this.fd, line);
        this.pending = [];
        return candidate;
      } catch {
        if (this.fd !== null) closeSync(this.fd);
        this.fd = null;
      }
    }
    this.pending = [];
    this.discarding = true;
    return null;
  }

  /** Writes the held-back lines to `stream` (start-up failed before a file was chosen). */
  flushTo(stream: { write(text: string): unknown }): void {
    for (const line of this.pending) stream.write(line);
    this.pending = [];
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.discarding = true;
  }
}

function isProblem(line: string): boolean {
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return level === 'warn' || level === 'error';
  } catch {
    return false;
  }
}
