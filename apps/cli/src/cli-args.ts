import { parseArgs } from 'node:util';
import { HOST_CLI_OPTIONS } from '@orcaops/kernel/bootstrap';
import type { PluginNewFlags } from './commands/plugin-new.js';
import type { DoctorFlags } from './commands/doctor.js';

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
  | ({ readonly kind: 'doctor' } & DoctorFlags)
  | ({ readonly kind: 'plugin-new' } & PluginNewFlags)
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: orcaops <command> [options]

Commands:
  tui                      browse the tools by category and run read-only ones in a terminal UI
  tools                    list the tools, grouped by category
  call <tool> [json-args]  run one tool and print the result as JSON: {"success": true, ...} or
                           {"success": false, "error": {...}}; json-args defaults to {}, "-" reads it from stdin
  mcp [--config FILE]      run the MCP server over stdio (the same as orcaops-mcp; for MCP clients:
                           claude mcp add orcaops -- npx -y orcaops mcp)
  doctor                   check the setup (Node.js, Docker engine, compose, ORCAOPS_HOME, configuration,
                           plugins, images, stale locks, orphaned job containers, stuck runs), each problem
                           with its fix; exit 1 when something is a problem
  plugin new <name>        write a plugin package <name> (TypeScript: manifest, one read-only tool, its test,
                           README) to ./<name without @scope/>, ready for "npm install && npm test"
  help                     print this help

Options:
  --config FILE  use this orcaops.config.json instead of searching from the working directory up
  --debug        debug logs (on stderr; for tui, in <ORCAOPS_HOME>/logs/tui.log)
  --json         doctor: print {"status", "summary", "findings"} as JSON instead of the report
  --dir DIR      plugin new: write the package to DIR instead
  --prefix WORD  plugin new: the tool name prefix (default from the name: @acme/orcaops-images gives images)
  --force        plugin new: write into a non-empty directory, replacing files of the same names
  -v, --version  print the version and exit
  -h, --help     print this help and exit

Exit codes: 0 success, 1 the tool call failed (doctor: a problem was found), 2 bad usage or configuration.
Environment: ORCAOPS_HOME (state directory, default ~/.orcaops), DOCKER_HOST, ORCAOPS_LOG_LEVEL.

Examples:
  orcaops doctor
  orcaops call orcaops_system_info
  orcaops call orcaops_cleanup_containers '{"dry_run": true}'
  orcaops plugin new @acme/orcaops-hello`;

/** Positional arguments each command takes, command name included: [min, max]. */
const ARITY: Record<'tui' | 'tools' | 'call' | 'doctor' | 'plugin' | 'help', readonly [number, number]> = {
  tui: [1, 1],
  tools: [1, 1],
  call: [2, 3],
  doctor: [1, 1],
  plugin: [3, 3],
  help: [1, 1],
};

/** Options only `plugin new` takes; the kernel-backed commands refuse them. */
const SCAFFOLD_OPTIONS = {
  dir: { type: 'string' },
  prefix: { type: 'string' },
  force: { type: 'boolean', default: false },
} as const;

/** Options only `doctor` takes. */
const DOCTOR_OPTIONS = {
  json: { type: 'boolean', default: false },
} as const;

const EXPECTED: Record<keyof typeof ARITY, string> = {
  tui: 'tui',
  tools: 'tools',
  call: 'call <tool> [json-args]',
  doctor: 'doctor [--json]',
  plugin: 'plugin new <name> [--dir DIR] [--prefix WORD] [--force]',
  help: 'help',
};

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...HOST_CLI_OPTIONS, ...SCAFFOLD_OPTIONS, ...DOCTOR_OPTIONS },
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
  if (name === undefined) return { kind: 'usage-error', message: 'Missing command: use tui, tools, call, doctor or plugin.' };
  // The bin starts the MCP server only when `mcp` comes first; an option before it lands here.
  if (name === 'mcp') return { kind: 'usage-error', message: 'Put mcp first, options after it: "orcaops mcp [--config FILE] [--debug]".' };
  if (!(name in ARITY)) return { kind: 'usage-error', message: `Unknown command "${name}": use tui, tools, call, doctor or plugin.` };
  const command = name as keyof typeof ARITY;
  if (command === 'plugin' && rest[0] !== undefined && rest[0] !== 'new') {
    return { kind: 'usage-error', message: `Unknown plugin command "${rest[0]}": use "orcaops ${EXPECTED.plugin}".` };
  }
  const [min, max] = ARITY[command];
  if (positionals.length < min || positionals.length > max) {
    return { kind: 'usage-error', message: `Wrong number of arguments: expected "orcaops ${EXPECTED[command]}".` };
  }
  if (values.json && command !== 'doctor') return { kind: 'usage-error', message: '--json belongs to "orcaops doctor".' };
  if (command === 'plugin') return pluginNew(rest[1]!, values);
  const scaffoldFlag = (['dir', 'prefix', 'force'] as const).find((flag) => values[flag] !== undefined && values[flag] !== false);
  if (scaffoldFlag) return { kind: 'usage-error', message: `--${scaffoldFlag} belongs to "orcaops plugin new".` };
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
    case 'doctor':
      return { kind: 'doctor', json: values.json, ...flags };
  }
}

function pluginNew(name: string, values: { config?: string; dir?: string; prefix?: string; force: boolean }): CliCommand {
  if (values.config !== undefined) return { kind: 'usage-error', message: '--config is not used by "orcaops plugin new".' };
  if (values.dir === '') return { kind: 'usage-error', message: '--dir needs a directory path.' };
  if (values.prefix === '') return { kind: 'usage-error', message: '--prefix needs a word.' };
  return {
    kind: 'plugin-new',
    name,
    force: values.force,
    ...(values.dir === undefined ? {} : { dir: values.dir }),
    ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
  };
}
