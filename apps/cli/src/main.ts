import { runCli } from './run-cli.js';

// A reader that stops early (`orcaops tools | head -1`) is normal use, not a crash worth a stack trace; a command
// that still has work in hand (a job it supervises) hands it off first and exits 141, as a broken pipe does.
const outputClosed = new Set<() => void>();
const onBrokenPipe = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  if (outputClosed.size === 0) process.exit(process.exitCode ?? 0);
  for (const listener of outputClosed) listener();
  process.exit(141);
};
process.stdout.on('error', onBrokenPipe);
process.stderr.on('error', onBrokenPipe);

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onOutputClosed: (listener) => {
    outputClosed.add(listener);
    return () => outputClosed.delete(listener);
  },
  argv: { execPath: process.execPath, execArgv: process.execArgv, script: process.argv[1]!, args: process.argv.slice(2) },
});
