import { PassThrough } from 'node:stream';
import type { CliIo } from '../cli-io.js';

/** A {@link CliIo} over memory, for running a command in-process: what it printed is read back as text. */
export function memoryIo(cwd: string): CliIo & { stdoutText(): string; stderrText(): string } {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  };
  const out = capture();
  const err = capture();
  return {
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stdout: out.stream,
    stderr: err.stream,
    env: {},
    cwd,
    onOutputClosed: () => () => undefined,
    argv: { execPath: process.execPath, execArgv: [], script: 'orcaops', args: [] },
    stdoutText: out.text,
    stderrText: err.text,
  };
}
