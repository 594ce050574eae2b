import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DeferredFileLogSink } from './tui-log-sink.js';

const line = (level: string, msg: string) => `${JSON.stringify({ level, msg })}\n`;

describe('DeferredFileLogSink', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orcaops-sink-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds lines until the file is known, then appends them and later lines, creating the directory', () => {
    const file = join(dir, 'logs', 'tui.log');
    writeFileSync(join(dir, 'existing.log'), '');
    const sink = new DeferredFileLogSink();
    sink.write(line('error', 'during start'));
    expect(sink.open(file)).toBe(file);
    sink.write(line('debug', 'after open'));
    sink.close();
    expect(readFileSync(file, 'utf8')).toBe(line('error', 'during start') + line('debug', 'after open'));

    const again = new DeferredFileLogSink();
    again.open(file);
    again.write(line('info', 'next session'));
    again.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
  });

  it('counts warnings and errors so the CLI can point at the file afterwards', () => {
    const sink = new DeferredFileLogSink();
    sink.write(line('warn', 'a'));
    sink.write(line('info', 'b'));
    sink.write(line('error', 'c'));
    sink.write('not json\n');
    expect(sink.problems).toBe(2);
  });

  it('hands held-back lines to stderr when start-up fails before a file is chosen', () => {
    const sink = new DeferredFileLogSink();
    sink.write(line('error', 'plugin failed'));
    const written: string[] = [];
    sink.flushTo({ write: (text: string) => written.push(text) });
    expect(written).toEqual([line('error', 'plugin failed')]);
  });

  it('falls back to another file when the home cannot be written, and discards when nothing can be', () => {
    // A path under a regular file fails with ENOTDIR, even for root.
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    const fallback = join(dir, 'fallback.log');
    const sink = new DeferredFileLogSink(fallback);
    sink.write(line('warn', 'held'));
    expect(sink.open(join(blocker, 'logs', 'tui.log'))).toBe(fallback);
    sink.close();
    expect(readFileSync(fallback, 'utf8')).toBe(line('warn', 'held'));

    const nowhere = new DeferredFileLogSink(join(blocker, 'also-not.log'));
    nowhere.write(line('warn', 'dropped'));
    expect(nowhere.open(join(blocker, 'tui.log'))).toBeNull();
    nowhere.write(line('warn', 'dropped too'));
    const written: string[] = [];
    nowhere.flushTo({ write: (text: string) => written.push(text) });
    expect(written).toEqual([]);
  });
});
