import { describe, expect, it } from '@jest/globals';
import { MarkerParser, type MarkerEvent } from './marker-parser.js';

const NONCE = 'n0nce';
const mark = (event: string) => `\n\x1eorcaops:${NONCE} ${event}\n`;

function parseInChunks(text: string, chunkSize: number): { output: string; events: MarkerEvent[] } {
  let output = '';
  const events: MarkerEvent[] = [];
  const parser = new MarkerParser(NONCE, { output: (chunk) => (output += chunk.toString('utf8')), marker: (event) => events.push(event) });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  parser.end();
  return { output, events };
}

describe('MarkerParser', () => {
  const stream =
    mark('step-start 0') + 'hello\nno newline at end' + mark('step-end 0 0') + mark('step-start 1') + 'line\n' + mark('step-end 1 3') + mark('done 3');
  const expectedEvents: MarkerEvent[] = [
    { kind: 'step-start', step: 0 },
    { kind: 'step-end', step: 0, exitCode: 0 },
    { kind: 'step-start', step: 1 },
    { kind: 'step-end', step: 1, exitCode: 3 },
    { kind: 'done', exitCode: 3 },
  ];

  it.each([1, 2, 3, 7, 16, 1000])('splits output and markers the same way whatever the chunk size (%i)', (size) => {
    const { output, events } = parseInChunks(stream, size);
    expect(events).toEqual(expectedEvents);
    expect(output).toBe('hello\nno newline at endline\n');
  });

  it('keeps look-alike text from other nonces and unfinished prefixes as output', () => {
    const text = '\n\x1eorcaops:other step-start 0\n' + '\n\x1eorca' ;
    expect(parseInChunks(text, 4)).toEqual({ output: text, events: [] });
  });
});
