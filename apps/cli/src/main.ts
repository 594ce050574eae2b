import { runCli } from './run-cli.js';

// A reader that stops early (`orcaops tools | head -1`) is normal use, not a crash worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  argv: { execPath: process.execPath, execArgv: process.execArgv, script: process.argv[1]!, args: process.argv.slice(2) },
});
