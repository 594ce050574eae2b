import { StringDecoder } from 'node:string_decoder';
import { consume } from './consume.js';

/**
 * Reads an engine progress stream (pull, build): one JSON object per line, split across chunks anywhere. Each
 * object goes to `onEvent` as it completes; a throw from it fails the read and closes the stream, which cancels
 * the work in the engine. Resolves once the stream has ended and its last line was handled. `name` says what the
 * stream is, for errors.
 */
export async function readJsonLines<T>(stream: NodeJS.ReadableStream, onEvent: (event: T) => void, signal: AbortSignal | undefined, name: string): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const handleLine = (line: string): void => {
    if (line.trim() === '') return;
    let event: T;
    try {
      event = JSON.parse(line) as T;
    } catch {
      throw new Error(`The engine sent an unreadable progress line for the ${name}: ${line.slice(0, 200)}`);
    }
    onEvent(event);
  };
  await consume(
    stream,
    (chunk) => {
      const lines = (pending + decoder.write(chunk)).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(handleLine);
    },
    signal,
    name,
  );
  handleLine(pending + decoder.end());
}
