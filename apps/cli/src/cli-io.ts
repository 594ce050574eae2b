/** The process edges a command uses, passed in so that nothing below `main.ts` reaches for globals. */
export interface CliIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * Calls `listener` when the reader of stdout or stderr has gone (a broken pipe: `orcaops run … | head -1`), just
   * before the process exits with 141; returns a function that stops listening. Without a listener the process
   * exits quietly (0), as a listing cut short by `head` is normal use.
   */
  readonly onOutputClosed: (listener: () => void) => () => void;
  /** How this process was started (`node`'s options, the script, its arguments), for running itself again. */
  readonly argv: { readonly execPath: string; readonly execArgv: readonly string[]; readonly script: string; readonly args: readonly string[] };
}

/** Writes and waits until the data is handed to the OS, so that exiting right after cannot cut it off. */
export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/** All of a stream as text (for `call <tool> -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A usage problem, on stderr, with exit code 2. */
export function usageError(io: Pick<CliIo, 'stderr'>, message: string): number {
  io.stderr.write(`orcaops: ${message}\nRun "orcaops --help" for usage.\n`);
  return 2;
}
