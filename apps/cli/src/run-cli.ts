import { ORCAOPS_VERSION } from '@orcaops/kernel';
import { USAGE, parseCliArgs } from './cli-args.js';
import { usageError, writeOut, type CliIo } from './cli-io.js';
import { callCommand } from './commands/call.js';
import { doctorCommand } from './commands/doctor.js';
import { pluginNewCommand } from './commands/plugin-new.js';
import { toolsCommand } from './commands/tools.js';
import { tuiCommand } from './commands/tui.js';

/** Runs one `orcaops` command line and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCliArgs(argv);
  try {
    switch (command.kind) {
      case 'help':
        await writeOut(io.stdout, `${USAGE}\n`);
        return 0;
      case 'version':
        await writeOut(io.stdout, `${ORCAOPS_VERSION}\n`);
        return 0;
      case 'usage-error':
        return usageError(io, command.message);
      case 'tui':
        return await tuiCommand(command, io);
      case 'tools':
        return await toolsCommand(command, io);
      case 'call':
        return await callCommand(command, io);
      case 'doctor':
        return await doctorCommand(command, io);
      // The HTTP commands load the HTTP host, which no other command needs: imported when used.
      case 'serve':
        return await (await import('./commands/serve.js')).serveCommand(command, io);
      case 'openapi':
        return await (await import('./commands/openapi.js')).openapiCommand(command, io);
      case 'keys':
        return await (await import('./commands/keys.js')).keysCommand(command, io);
      case 'secrets':
        return await (await import('./commands/secrets.js')).secretsCommand(command, io);
      case 'run':
        return await (await import('./commands/run.js')).runCommand(command, io);
      case 'plugin-new':
        return await pluginNewCommand(command, io);
      case 'jobs':
        return await (await import('./commands/jobs.js')).jobsCommand(command, io);
      case 'logs':
        return await (await import('./commands/logs.js')).logsCommand(command, io);
      case 'cancel':
        return await (await import('./commands/cancel.js')).cancelCommand(command, io);
      case 'artifacts':
        return await (await import('./commands/artifacts.js')).artifactsCommand(command, io);
      case 'sandbox':
        return await (await import('./commands/sandbox.js')).sandboxCommand(command, io);
      case 'runs':
        return await (await import('./commands/runs.js')).runsCommand(command, io);
      case 'completion':
        return await (await import('./commands/completion.js')).completionCommand(command, io);
    }
  } catch (error) {
    io.stderr.write(`orcaops: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
