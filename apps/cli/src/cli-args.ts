import { parseArgs } from 'node:util';
import { HOST_CLI_OPTIONS } from '@orcaops/kernel/bootstrap';

/** Options every kernel-backed command accepts. */
export interface KernelFlags {
  readonly configPath?: string;
  readonly debug: boolean;
}

/** Parsed `orcaops` command line. Parsing never throws: bad usage is a value, reported with exit code 2. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | ({ readonly kind: 'tui' } & KernelFlags)
  | ({ readonly kind: 'tools' } & KernelFlags)
  | ({ readonly kind: 'call'; readonly tool: string; readonly argsText?: string } & KernelFlags)
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: orcaops <command> [options]

Commands:
  tui                      browse the tools by category and run read-only ones in a terminal UI
  tools                    list the tools, grouped by category
  call <tool> [json-args]  run one tool and print the result as JSON: {"success": true, ...} or
                           {"success": false, "error": {...}}; json-args defaults to {}, "-" reads it from stdin
  help                     print this help

Options:
  --config FILE  use this orcaops.config.json instead of searching from the working directory up
  --debug        debug logs (on stderr; for tui, in <ORCAOPS_HOME>/logs/tui.log)
  -v, --version  print the version and exit
  -h, --help     print this help and exit

Exit codes: 0 success, 1 the tool call failed, 2 bad usage or configuration.
Environment: ORCAOPS_HOME (state directory, default ~/.orcaops), DOCKER_HOST, ORCAOPS_LOG_LEVEL.

Examples:
  orcaops call orcaops_system_info
  orcaops call orcaops_cleanup_containers '{"dry_run": true}'`;

/** Positional arguments each command takes, command name included: [min, max]. */
const ARITY: Record<'tui' | 'tools' | 'call' | 'help', readonly [number, number]> = {
  tui: [1, 1],
  tools: [1, 1],
  call: [2, 3],
  help: [1, 1],
};

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: HOST_CLI_OPTIONS,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [name, ...rest] = positionals;
  if (name === undefined) return { kind: 'usage-error', message: 'Missing command: use tui, tools or call.' };
  if (!(name in ARITY)) return { kind: 'usage-error', message: `Unknown command "${name}": use tui, tools or call.` };
  const command = name as keyof typeof ARITY;
  const [min, max] = ARITY[command];
  if (positionals.length < min || positionals.length > max) {
    const expected = command === 'call' ? 'call <tool> [json-args]' : command;
    return { kind: 'usage-error', message: `Wrong number of arguments: expected "orcaops ${expected}".` };
  }
  if (values.config === '') return { kind: 'usage-error', message: '--config needs a file path.' };

  const flags: KernelFlags = { debug: values.debug, ...(values.config ? { configPath: values.config } : {}) };
  switch (command) {
    case 'help':
      return { kind: 'help' };
    case 'tui':
    case 'tools':
      return { kind: command, ...flags };
    case 'call':
      return { kind: 'call', tool: rest[0]!, ...(rest[1] === undefined ? {} : { argsText: rest[1] }), ...flags };
  }
}
