import { describe, expect, it } from '@jest/globals';
import { replyWireBytes } from '../tools/reply-budget.js';
import { limitError, limitReply } from './reply-limit.js';

const binary = (bytes: number) => '\u0001'.repeat(bytes);

describe('limitReply', () => {
  it('leaves a reply under its limit alone', () => {
    const envelope = { success: true, id: 'job-1', text: 'hello' };
    expect(limitReply(envelope, 65_536)).toEqual({ envelope, truncation: null });
  });

  it('fits 100 steps of 8 KiB control characters per stream within 64 KiB on the wire, and says what it cut', () => {
    const steps = Array.from({ length: 100 }, (_, index) => ({ index, status: 'success', stdout_tail: binary(8192), stderr_tail: binary(8192) }));
    const envelope = { success: true, job_id: 'job-1', steps };
    expect(replyWireBytes(envelope)).toBeGreaterThan(10 * 1024 * 1024);
    const limited = limitReply(envelope, 65_536)!;
    expect(replyWireBytes(limited.envelope)).toBeLessThanOrEqual(65_536);
    expect(limited.truncation).toMatchObject({ limit_bytes: 65_536, strings_cut: expect.any(Number) });
    expect(limited.envelope['job_id']).toBe('job-1');
    expect(limited.envelope['reply_truncated']).toEqual(limited.truncation);
  });

  it('fits a few huge strings that land just over the limit after the first cut (two 64 KiB binary log slices)', () => {
    const slice = () => ({ text: binary(65_536), offset: 0, next_offset: null, truncated: false });
    for (const limit of [4096, 65_536, 1_048_576]) {
      const limited = limitReply({ success: true, job_id: 'job-1', stdout: slice(), stderr: slice() }, limit);
      expect(limited).not.toBeNull();
      expect(replyWireBytes(limited!.envelope)).toBeLessThanOrEqual(limit);
      expect(limited!.truncation?.strings_cut).toBe(2);
      // A string cut over several passes carries one note with the total.
      const text = (limited!.envelope['stdout'] as { text: string }).text;
      expect(text.match(/…\[cut \d+ characters/g)).toHaveLength(1);
      const kept = text.slice(0, text.indexOf('…[cut'));
      expect(Number(/cut (\d+) characters/.exec(text)![1]) + kept.length).toBe(65_536);
    }
  });

  it('drops list tails when short strings cannot shrink (2,000 artifacts)', () => {
    const artifacts = Array.from({ length: 2000 }, (_, index) => ({ path: `out/file-${index}.txt`, size: index, sha256: 'a'.repeat(64) }));
    const limited = limitReply({ success: true, artifacts }, 65_536)!;
    expect(replyWireBytes(limited.envelope)).toBeLessThanOrEqual(65_536);
    const kept = limited.envelope['artifacts'] as unknown[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept[0]).toEqual(artifacts[0]);
    expect(limited.truncation?.items_dropped).toBe(2000 - kept.length);
  });

  it('gives up (null) when nothing can be cut, e.g. a huge object of short keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index]));
    expect(limitReply({ success: true, wide }, 65_536)).toBeNull();
  });
});

describe('limitError', () => {
  it('bounds a message that echoes 12 MiB of input, and details too', () => {
    const huge = 'x'.repeat(12 * 1024 * 1024);
    const error = limitError(
      { code: 'TEMPLATE_NOT_FOUND', message: `No template ${huge}`, suggestion: 'List them.', details: { id: huge, issues: [huge] } },
      65_536,
    );
    expect(replyWireBytes({ success: false, error })).toBeLessThanOrEqual(65_536);
    expect(error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(error.message).toMatch(/more characters cut\)$/);
  });
});
