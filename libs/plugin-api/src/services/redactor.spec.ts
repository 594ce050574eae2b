import { describe, expect, it } from '@jest/globals';
import { REDACTED, Redactor } from './redactor.js';

describe('Redactor', () => {
  it('replaces every known value in text, longest first, and ignores values too short to redact', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-token-long');
    redactor.add('s3cr3t-token');
    redactor.add('short');
    expect(redactor.redactText('a s3cr3t-token-long and s3cr3t-token, short')).toBe(`a ${REDACTED} and ${REDACTED}, short`);
    expect(redactor.redactValue({ list: ['s3cr3t-token', 1, null], nested: { 's3cr3t-token': true } })).toEqual({ list: [REDACTED, 1, null], nested: { 's3cr3t-token': true } });
    expect(new Redactor().redactText('nothing known')).toBe('nothing known');
  });

  it('finds a value split across chunks of a stream, at any split, and lets the rest through in order', () => {
    const redactor = new Redactor();
    redactor.add('hunter2-passphrase');
    const text = 'before hunter2-passphrase middle hunter2-passphrase end hunter2';
    for (let split = 0; split <= text.length; split++) {
      for (const second of [split, Math.min(text.length, split + 3)]) {
        const stream = redactor.stream();
        const out = Buffer.concat([
          stream.write(Buffer.from(text.slice(0, split))),
          stream.write(Buffer.from(text.slice(split, second))),
          stream.write(Buffer.from(text.slice(second))),
          stream.end(),
        ]).toString();
        expect(out).toBe(`before ${REDACTED} middle ${REDACTED} end hunter2`);
      }
    }
  });

  it('holds back no more than could begin a value, and nothing when no value is known', () => {
    const redactor = new Redactor();
    expect(redactor.stream().write(Buffer.from('plain')).toString()).toBe('plain');
    redactor.add('TOKEN-123');
    const stream = redactor.stream();
    expect(stream.write(Buffer.from('line one\nTOK')).toString()).toBe('line one\n');
    expect(stream.write(Buffer.from('EN-1')).toString()).toBe('');
    expect(stream.write(Buffer.from('2x')).toString()).toBe('TOKEN-12x');
    expect(stream.end().toString()).toBe('');
  });

  it('redacts multi-byte values by their bytes', () => {
    const redactor = new Redactor();
    redactor.add('pässwörd!');
    const bytes = Buffer.from('x pässwörd! y');
    const stream = redactor.stream();
    const out = Buffer.concat([stream.write(bytes.subarray(0, 4)), stream.write(bytes.subarray(4)), stream.end()]).toString();
    expect(out).toBe(`x ${REDACTED} y`);
  });
});
