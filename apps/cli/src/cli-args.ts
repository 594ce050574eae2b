import { parseArgs } from 'node:util';
import { HOST_CLI_OPTIONS } from '@orcaops/kernel/bootstrap';
import type { PluginNewFlags } from './commands/plugin-new.js';
import type { DoctorFlags } from './commands/doctor.js';
import {
  parseArtifacts,
  parseCompletion,
  parseJobs,
  parseLogs,
  parseRuns,
  parseSandbox,
  type ArtifactsFlags,
  type CancelFlags,
  type CompletionFlags,
  type JobsFlags,
  type LogsFlags,
  type RunsFlags,
  type SandboxFlags,
} from './human-args.js';

/** Options every kernel-backed command accepts. */
export interface KernelFlags {
  readonly configPath?: string;
  readonly debug: boolean;
  /** `--read-only`: only the read-only tools are served. */
  readonly readOnly?: boolean;
}

/** `orcaops serve`: where to listen, when not as configured (`http.host`, `http.port`). */
export interface ServeFlags extends KernelFlags {
  readonly host?: string;
  readonly port?: number;
  /** Serve without API keys: refused unless the address is loopback. */
  readonly noAuth: boolean;
  /** The directory jobs take inputs from and sandboxes are made in, when the plugins' options name none. */
  readonly workdir?: string;
}

/** `orcaops openapi`: the document `GET /openapi.json` serves, written to stdout or a file. */
export interface OpenApiFlags extends KernelFlags {
  /** The public URL the document names (default: `http.publicUrl`, else the local address). */
  readonly serverUrl?: string;
  /** A tool preset, replacing `http.tools.preset`. */
  readonly preset?: string;
  /** Write here instead of stdout. */
  readonly output?: string;
}

/** `orcaops keys create|list|revoke`. */
export type KeysFlags = KernelFlags &
  (
    | { readonly action: 'create'; readonly name: string; readonly scope: string }
    | { readonly action: 'list'; readonly json: boolean }
    | { readonly action: 'revoke'; readonly key: string }
  );

/** `orcaops secrets set|list|remove`. */
export type SecretsFlags = KernelFlags &
  ({ readonly action: 'set'; readonly name: string } | { readonly action: 'list'; readonly json: boolean } | { readonly action: 'remove'; readonly name: string });

/** `orcaops run IMAGE [options] -- CMD...`. */
export interface RunFlags extends KernelFlags {
  readonly image: string;
  /** The command as argv; it runs with each word quoted, so no word is split or expanded by a shell. */
  readonly command: readonly string[];
  readonly env: readonly string[];
  readonly secrets: readonly string[];
  readonly artifacts: readonly string[];
  readonly labels: readonly string[];
  readonly input?: string;
  readonly timeout?: number;
  readonly detach: boolean;
  readonly json: boolean;
}

/** Parsed `orcaops` command line. Parsing never throws: bad usage is a value, reported with exit code 2. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | ({ readonly kind: 'tui' } & KernelFlags)
  | ({ readonly kind: 'tools'; readonly stats: boolean; readonly quiet: boolean; readonly json: boolean } & KernelFlags)
  | ({ readonly kind: 'call'; readonly tool: string; readonly argsText?: string } & KernelFlags)
  | ({ readonly kind: 'doctor' } & DoctorFlags)
  | ({ readonly kind: 'serve' } & ServeFlags)
  | ({ readonly kind: 'openapi' } & OpenApiFlags)
  | ({ readonly kind: 'keys' } & KeysFlags)
  | ({ readonly kind: 'secrets' } & SecretsFlags)
  | ({ readonly kind: 'run' } & RunFlags)
  | ({ readonly kind: 'plugin-new' } & PluginNewFlags)
  | ({ readonly kind: 'jobs' } & JobsFlags)
  | ({ readonly kind: 'logs' } & LogsFlags)
  | ({ readonly kind: 'cancel' } & CancelFlags)
  | ({ readonly kind: 'artifacts' } & ArtifactsFlags)
  | ({ readonly kind: 'sandbox' } & SandboxFlags)
  | ({ readonly kind: 'runs' } & RunsFlags)
  | ({ readonly kind: 'completion' } & CompletionFlags)
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: orcaops <command> [options]

Commands:
  tui                      browse the tools by category and run read-only ones in a terminal UI
  tools [--stats] [-q]     list the tools, grouped by category; --stats: how large the tool list is for a model;
                           -q: only their names; --json: name, title, category and safety of each
  run IMAGE [options] -- CMD...
                           run CMD in a fresh container of IMAGE as an OrcaOps job, its output live; exits with
                           the command's exit code; Ctrl-C cancels the job, a second Ctrl-C detaches
  jobs [--status S] [--limit N] [-q]
                           the recent jobs, newest first (-q: only their ids)
  logs JOB [-f] [--stream S] [--step N] [--tail N]
                           a job's output, stdout to stdout and stderr to stderr; -f follows it until the job ends
  cancel JOB...            cancel queued or running jobs (their output so far is kept)
  artifacts JOB            the files a job collected
  artifacts JOB get NAME [-o FILE|DIR] [--force]
                           download one (default ./NAME's base name; -o - writes it to stdout); its sha256 is checked
  sandbox list|templates|create|up|down|exec|remove
                           sandbox list [-q]; sandbox templates [-q]; sandbox create TEMPLATE NAME [--dir DIR]
                           [--image SERVICE=IMAGE] [--publish SERVICE=PORT]; sandbox up NAME [--wait W];
                           sandbox down NAME [--volumes]; sandbox exec NAME SERVICE -- CMD... (exits with the
                           command's exit code); sandbox remove NAME (forget a stopped sandbox, keep its files)
  runs cleanup [--older-than 30d] [--dry-run]
                           delete finished runs older than that (30d, 4w; default 30d)
  runs delete JOB...       delete finished runs and their logs and artifacts
  completion bash|zsh|fish print a shell completion script, e.g. orcaops completion bash > /etc/bash_completion.d/orcaops
  call <tool> [json-args]  run one tool and print the result as JSON: {"success": true, ...} or
                           {"success": false, "error": {...}}; json-args defaults to {}, "-" reads it from stdin
  mcp [--config FILE]      run the MCP server over stdio (the same as orcaops-mcp; for MCP clients:
                           claude mcp add orcaops -- npx -y orcaops mcp)
  doctor                   check the setup (Node.js, Docker engine, compose, ORCAOPS_HOME, configuration,
                           plugins, images, stale locks, orphaned job containers, stuck runs), each problem
                           with its fix; exit 1 when something is a problem
  serve                    serve the tools over HTTP: REST (/v1), OpenAPI (/openapi.json) and remote MCP
                           (/mcp), with API keys; 127.0.0.1:8787 unless configured (http in orcaops.config.json)
  openapi                  print the OpenAPI 3.1 document of the REST API (for a Custom GPT's actions)
  keys create --name NAME --scope read|run|admin
                           make an API key for serve; it is printed once, only its hash is kept
  keys list                the API keys (id, name, scope, created, revoked)
  keys revoke <id|name>    revoke an API key; calls with it are refused at once
  secrets set <name>       store a secret for jobs ({"secret": "<name>"} in env), its value read from stdin
  secrets list             the stored secrets' names and when each was set (never their values)
  secrets remove <name>    delete a stored secret
  plugin new <name>        write a plugin package <name> (TypeScript: manifest, one read-only tool, its test,
                           README) to ./<name without @scope/>, ready for "npm install && npm test"
  help                     print this help

Options:
  --config FILE       use this orcaops.config.json instead of searching from the working directory up
  --debug             debug logs (on stderr; for tui, in <ORCAOPS_HOME>/logs/tui.log)
  --read-only         serve, list and run only the read-only tools (also "readOnly": true in the configuration)
  --json              print JSON instead of the table or report: the tool's reply envelope ({"success": ...})
  --host ADDR         serve: listen on ADDR (a non-loopback address needs API keys and http.allowedHosts)
  --port N            serve: listen on port N (0 picks a free one)
  --no-auth           serve: accept calls without an API key (loopback addresses only)
  --workdir DIR       serve: the directory jobs may copy inputs from and sandboxes are made in (default
                      <ORCAOPS_HOME>/http/workspace, not the directory serve was started in)
  --server-url URL    openapi: the public URL to name in the document
  --preset NAME       openapi: the tools to include (all, read-only, jobs, gpt)
  -o, --output FILE   openapi: write the document to FILE; artifacts get: write the artifact to FILE
  --name NAME         keys create: a name to recognise the key by
  --scope SCOPE       keys create: read (read-only tools), run (also jobs and sandboxes) or admin (everything)
  --dir DIR           plugin new: write the package to DIR instead; sandbox create: make the sandbox in DIR
  --prefix WORD       plugin new: the tool name prefix (default from the name: @acme/orcaops-images gives images)
  --force             plugin new: write into a non-empty directory, replacing files of the same names;
                      artifacts get: replace an existing file
  --env K=V           run: an environment variable (repeatable)
  --secret K=REF      run: an environment variable from a secret: env:NAME, file:/path or a stored name (repeatable;
                      a secret's value must be at least 8 bytes)
  --artifact PATH     run: a path or glob to collect after the command (repeatable)
  --label K=V         run: a label on the job and its container (repeatable)
  --input DIR         run: a host directory to copy into the working directory first
  --timeout S         run: seconds the whole job may take, 10 to 86400 (default 300)
  --detach            run: print the job id and return at once
  -f, --follow        logs: keep printing as the job writes, until it ends
  --stream S          logs: stdout, stderr or both (default both)
  --step N            logs: only step N's output (steps count from 0)
  --tail N            logs: only the last N lines of each stream
  --status S          jobs: only jobs with this status (queued, running, success, failed, timed_out, cancelled)
  --limit N           jobs: at most N jobs (default 20)
  -q, --quiet         jobs, sandbox list|templates, tools: only ids or names, one a line
  --wait W            sandbox up: wait until the services are healthy (default), running, or not at all
  --volumes           sandbox down: also remove the sandbox's volumes
  --image SVC=IMAGE   sandbox create: use IMAGE for the template's service SVC (repeatable)
  --publish SVC=PORT  sandbox create: publish SVC's port on this host port, 0 for a free one (repeatable)
  --older-than AGE    runs cleanup: the age of the runs to delete, e.g. 30d or 4w (default 30d)
  --dry-run           runs cleanup: list what would be deleted, delete nothing
  -v, --version       print the version and exit
  -h, --help          print this help and exit

Exit codes: 0 success, 1 the tool call failed (doctor: a problem was found), 2 bad usage or configuration;
run and sandbox exec: the command's own exit code, 125 when OrcaOps could not run it, 124 timed out, 130 cancelled.
Environment: ORCAOPS_HOME (state directory, default ~/.orcaops), DOCKER_HOST, ORCAOPS_LOG_LEVEL.

Examples:
  orcaops doctor
  orcaops run node:22 --input . --artifact coverage -- npm test
  orcaops jobs --status running
  orcaops logs job-1234abcd -f
  orcaops call orcaops_system_info
  orcaops call orcaops_cleanup_containers '{"dry_run": true}'
  orcaops keys create --name my-gpt --scope run && orcaops serve
  orcaops plugin new @acme/orcaops-hello`;

/** Every option any command takes; each command says which of them are its own (COMMANDS). */
export const OPTIONS = {
  ...HOST_CLI_OPTIONS,
  json: { type: 'boolean', default: false },
  stats: { type: 'boolean', default: false },
  host: { type: 'string' },
  port: { type: 'string' },
  'no-auth': { type: 'boolean', default: false },
  workdir: { type: 'string' },
  'server-url': { type: 'string' },
  preset: { type: 'string' },
  output: { type: 'string', short: 'o' },
  name: { type: 'string' },
  scope: { type: 'string' },
  dir: { type: 'string' },
  prefix: { type: 'string' },
  force: { type: 'boolean', default: false },
  env: { type: 'string', multiple: true },
  secret: { type: 'string', multiple: true },
  artifact: { type: 'string', multiple: true },
  label: { type: 'string', multiple: true },
  input: { type: 'string' },
  timeout: { type: 'string' },
  detach: { type: 'boolean', default: false },
  status: { type: 'string' },
  limit: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  follow: { type: 'boolean', short: 'f', default: false },
  stream: { type: 'string' },
  step: { type: 'string' },
  tail: { type: 'string' },
  wait: { type: 'string' },
  volumes: { type: 'boolean', default: false },
  'older-than': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  image: { type: 'string', multiple: true },
  publish: { type: 'string', multiple: true },
} as const;

type OptionName = Exclude<keyof typeof OPTIONS, 'help' | 'version'>;

interface CommandSpec {
  /** Positional arguments, the command name included: [min, max]. */
  readonly arity: readonly [number, number];
  /** How the command is written, for messages. */
  readonly usage: string;
  readonly options: readonly OptionName[];
}

const KERNEL_OPTIONS: readonly OptionName[] = ['config', 'debug', 'read-only'];

export const COMMANDS = {
  tui: { arity: [1, 1], usage: 'tui', options: KERNEL_OPTIONS },
  tools: { arity: [1, 1], usage: 'tools [--stats] [-q] [--json]', options: [...KERNEL_OPTIONS, 'stats', 'quiet', 'json'] },
  call: { arity: [2, 3], usage: 'call <tool> [json-args]', options: KERNEL_OPTIONS },
  doctor: { arity: [1, 1], usage: 'doctor [--json]', options: [...KERNEL_OPTIONS, 'json'] },
  serve: { arity: [1, 1], usage: 'serve [--host ADDR] [--port N] [--no-auth] [--workdir DIR]', options: [...KERNEL_OPTIONS, 'host', 'port', 'no-auth', 'workdir'] },
  openapi: { arity: [1, 1], usage: 'openapi [--server-url URL] [--preset NAME] [-o FILE]', options: [...KERNEL_OPTIONS, 'server-url', 'preset', 'output'] },
  keys: { arity: [2, 3], usage: 'keys create --name NAME --scope read|run|admin | keys list [--json] | keys revoke <id|name>', options: [...KERNEL_OPTIONS, 'name', 'scope', 'json'] },
  run: { arity: [2, Number.POSITIVE_INFINITY], usage: 'run IMAGE [--env K=V] [--secret K=REF] [--artifact PATH] [--label K=V] [--input DIR] [--timeout S] [--detach] [--json] -- CMD...', options: [...KERNEL_OPTIONS, 'env', 'secret', 'artifact', 'label', 'input', 'timeout', 'detach', 'json'] },
  secrets: { arity: [2, 3], usage: 'secrets set <name> | secrets list [--json] | secrets remove <name>', options: [...KERNEL_OPTIONS, 'json'] },
  jobs: { arity: [1, 1], usage: 'jobs [--status S] [--limit N] [-q] [--json]', options: [...KERNEL_OPTIONS, 'status', 'limit', 'quiet', 'json'] },
  logs: { arity: [2, 2], usage: 'logs JOB [-f] [--stream stdout|stderr|both] [--step N] [--tail N] [--json]', options: [...KERNEL_OPTIONS, 'follow', 'stream', 'step', 'tail', 'json'] },
  cancel: { arity: [2, Number.POSITIVE_INFINITY], usage: 'cancel JOB... [--json]', options: [...KERNEL_OPTIONS, 'json'] },
  artifacts: { arity: [2, 4], usage: 'artifacts JOB [--json] | artifacts JOB get NAME [-o FILE|DIR] [--force] [--json]', options: [...KERNEL_OPTIONS, 'json', 'output', 'force'] },
  sandbox: { arity: [2, Number.POSITIVE_INFINITY], usage: 'sandbox list|templates|create|up|down|exec|remove ...', options: [...KERNEL_OPTIONS, 'json', 'quiet', 'dir', 'wait', 'volumes', 'image', 'publish'] },
  runs: { arity: [2, Number.POSITIVE_INFINITY], usage: 'runs cleanup [--older-than 30d] [--dry-run] | runs delete JOB...', options: [...KERNEL_OPTIONS, 'json', 'older-than', 'dry-run'] },
  completion: { arity: [2, 2], usage: 'completion bash|zsh|fish', options: [] },
  plugin: { arity: [3, 3], usage: 'plugin new <name> [--dir DIR] [--prefix WORD] [--force]', options: ['debug', 'dir', 'prefix', 'force'] },
  help: { arity: [1, 1], usage: 'help', options: [] },
} as const satisfies Record<string, CommandSpec>;

type CommandName = keyof typeof COMMANDS;
export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

const COMMAND_LIST = 'run, jobs, logs, cancel, artifacts, sandbox, runs, tui, tools, call, doctor, serve, openapi, keys, secrets, plugin or completion';

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [name, ...rest] = positionals;
  if (name === undefined) return { kind: 'usage-error', message: `Missing command: use ${COMMAND_LIST}.` };
  // The bin starts the MCP server only when `mcp` comes first; an option before it lands here.
  if (name === 'mcp') return { kind: 'usage-error', message: 'Put mcp first, options after it: "orcaops mcp [--config FILE] [--debug]".' };
  if (!Object.hasOwn(COMMANDS, name)) return { kind: 'usage-error', message: `Unknown command "${name}": use ${COMMAND_LIST}.` };
  const command = name as CommandName;
  const spec: CommandSpec = COMMANDS[command];
  if (command === 'plugin' && rest[0] !== undefined && rest[0] !== 'new') {
    return { kind: 'usage-error', message: `Unknown plugin command "${rest[0]}": use "orcaops ${spec.usage}".` };
  }
  if (command === 'keys' && rest[0] !== undefined && !['create', 'list', 'revoke'].includes(rest[0])) {
    return { kind: 'usage-error', message: `Unknown keys command "${rest[0]}": use create, list or revoke.` };
  }
  if (command === 'secrets' && rest[0] !== undefined && !['set', 'list', 'remove'].includes(rest[0])) {
    return { kind: 'usage-error', message: `Unknown secrets command "${rest[0]}": use set, list or remove.` };
  }
  const [min, max] = spec.arity;
  if (positionals.length < min || positionals.length > max) {
    return { kind: 'usage-error', message: `Wrong number of arguments: expected "orcaops ${spec.usage}".` };
  }
  const misplaced = misplacedOption(command, values);
  if (misplaced) return { kind: 'usage-error', message: misplaced };
  for (const option of ['config', 'dir', 'prefix', 'host', 'server-url', 'preset', 'output', 'name', 'scope', 'workdir'] as const) {
    if (values[option] === '') return { kind: 'usage-error', message: `--${option} needs a value.` };
  }

  const flags: KernelFlags = { debug: values.debug, ...(values.config ? { configPath: values.config } : {}), ...(values['read-only'] ? { readOnly: true } : {}) };
  switch (command) {
    case 'help':
      return { kind: 'help' };
    case 'tui':
      return { kind: command, ...flags };
    case 'tools':
      return { kind: command, stats: values.stats, quiet: values.quiet, json: values.json, ...flags };
    case 'call':
      return { kind: 'call', tool: rest[0]!, ...(rest[1] === undefined ? {} : { argsText: rest[1] }), ...flags };
    case 'doctor':
      return { kind: 'doctor', json: values.json, ...flags };
    case 'serve':
      return serve(values, flags);
    case 'openapi':
      return {
        kind: 'openapi',
        ...flags,
        ...(values['server-url'] === undefined ? {} : { serverUrl: values['server-url'] }),
        ...(values.preset === undefined ? {} : { preset: values.preset }),
        ...(values.output === undefined ? {} : { output: values.output }),
      };
    case 'keys':
      return keys(rest, values, flags);
    case 'secrets':
      return secrets(rest, values, flags);
    case 'run':
      return run(rest, values, flags);
    case 'plugin':
      return pluginNew(rest[1]!, values);
    case 'jobs':
      return parseJobs(values, flags);
    case 'logs':
      return parseLogs(rest[0]!, values, flags);
    case 'cancel':
      return { kind: 'cancel', ...flags, json: values.json, jobIds: rest };
    case 'artifacts':
      return parseArtifacts(rest, values, flags);
    case 'sandbox':
      return parseSandbox(rest, values, flags);
    case 'runs':
      return parseRuns(rest, values, flags);
    case 'completion':
      return parseCompletion(rest[0]!);
  }
}

/** An option given to a command that does not take it, said in a way that points to the one that does. */
function misplacedOption(command: CommandName, values: Values): string | null {
  const given = (Object.keys(values) as Array<keyof Values>).filter(
    (option): option is OptionName => option !== 'help' && option !== 'version' && values[option] !== undefined && values[option] !== false,
  );
  const allowed: readonly OptionName[] = COMMANDS[command].options;
  const stray = given.find((option) => !allowed.includes(option));
  if (!stray) return null;
  const owners = (Object.keys(COMMANDS) as CommandName[]).filter((other) => (COMMANDS[other].options as readonly OptionName[]).includes(stray));
  const words = (which: CommandName) => (which === 'plugin' ? 'plugin new' : which);
  return owners.length === 1 ? `--${stray} belongs to "orcaops ${words(owners[0]!)}".` : `--${stray} is not used by "orcaops ${words(command)}".`;
}

function serve(values: Values, flags: KernelFlags): CliCommand {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) return { kind: 'usage-error', message: `--port must be a number from 0 to 65535, not "${values.port}".` };
  }
  return {
    kind: 'serve',
    ...flags,
    noAuth: values['no-auth'],
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(port === undefined ? {} : { port }),
    ...(values.workdir === undefined ? {} : { workdir: values.workdir }),
  };
}

function run(rest: readonly string[], values: Values, flags: KernelFlags): CliCommand {
  const [image, ...command] = rest;
  if (command.length === 0) return { kind: 'usage-error', message: `Give the command after the image, e.g. "orcaops run alpine:3.20 -- echo hello".` };
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 10 && timeout <= 86_400)) {
    return { kind: 'usage-error', message: '--timeout takes whole seconds from 10 to 86400 (a day), e.g. --timeout 600.' };
  }
  const malformed = [...(values.env ?? []), ...(values.secret ?? [])].find((pair) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair));
  if (malformed !== undefined) return { kind: 'usage-error', message: `--env and --secret take NAME=VALUE; got ${JSON.stringify(malformed.slice(0, 80))}.` };
  const badLabel = (values.label ?? []).find((pair) => !/^[^=]+=/.test(pair));
  if (badLabel !== undefined) return { kind: 'usage-error', message: `--label takes KEY=VALUE; got ${JSON.stringify(badLabel.slice(0, 80))}.` };
  return {
    kind: 'run',
    image: image!,
    command,
    env: values.env ?? [],
    secrets: values.secret ?? [],
    artifacts: values.artifact ?? [],
    labels: values.label ?? [],
    ...(values.input === undefined ? {} : { input: values.input }),
    ...(timeout === undefined ? {} : { timeout }),
    detach: values.detach,
    json: values.json,
    ...flags,
  };
}

function secrets(rest: readonly string[], values: Values, flags: KernelFlags): CliCommand {
  const [action, name] = rest;
  const expected = { kind: 'usage-error' as const, message: `Wrong number of arguments: expected "orcaops ${COMMANDS.secrets.usage}".` };
  if (action === 'list') return name === undefined ? { kind: 'secrets', action, json: values.json, ...flags } : expected;
  if (name === undefined || values.json) return expected;
  return { kind: 'secrets', action: action as 'set' | 'remove', name, ...flags };
}

function keys(rest: readonly string[], values: Values, flags: KernelFlags): CliCommand {
  const [action, target] = rest;
  const expected = { kind: 'usage-error' as const, message: `Wrong number of arguments: expected "orcaops ${COMMANDS.keys.usage}".` };
  if (action === 'revoke') return target === undefined || values.name || values.scope || values.json ? expected : { kind: 'keys', action, key: target, ...flags };
  if (target !== undefined) return expected;
  if (action === 'list') return values.name || values.scope ? expected : { kind: 'keys', action, json: values.json, ...flags };
  if (values.json) return expected;
  if (!values.name || !values.scope) return { kind: 'usage-error', message: 'keys create needs --name NAME and --scope read|run|admin.' };
  return { kind: 'keys', action: 'create', name: values.name, scope: values.scope, ...flags };
}

function pluginNew(name: string, values: Values): CliCommand {
  return {
    kind: 'plugin-new',
    name,
    force: values.force,
    ...(values.dir === undefined ? {} : { dir: values.dir }),
    ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
  };
}
