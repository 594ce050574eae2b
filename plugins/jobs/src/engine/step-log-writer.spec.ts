import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { LIVE_FLUSH_MS, StepLogWriter } from './step-log-writer.js';

describe('StepLogWriter', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('puts a running step\'s small output on disk within LIVE_FLUSH_MS, so the log can be read while the job runs', async () => {
    const temp = await makeTempDir();
    try {
      jest.useFakeTimers();
      const path = join(temp.path, 'stdout.log');
      const writer = new StepLogWriter(path);
      writer.startStep(0);
      writer.write(Buffer.from('before\n'));
      expect(readFileSync(path, 'utf8')).toBe('');
      jest.advanceTimersByTime(LIVE_FLUSH_MS);
      expect(readFileSync(path, 'utf8')).toBe('before\n');
      writer.write(Buffer.from('after\n'));
      writer.close();
      expect(readFileSync(path, 'utf8')).toBe('before\nafter\n');
      expect(writer.output(0)).toMatchObject({ offset: 0, bytes: 13, tail: 'before\nafter\n' });
    } finally {
      jest.useRealTimers();
      await temp.remove();
    }
  });
});
