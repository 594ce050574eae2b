import type { KernelFlags } from './cli-args.js';

/**
 * The command lines of the commands for people (`jobs`, `logs`, `cancel`, `artifacts`, `sandbox`, `runs`,
 * `completion`): each becomes flags for a command that calls the catalog's tools, like every other host.
 */

/** What every listing command takes: JSON instead of the table. */
interface JsonFlag {
  readonly json: boolean;
}

export interface JobsFlags extends KernelFlags, JsonFlag {
  readonly status?: string;
  readonly limit?: number;
  /** Only the job ids, one a line (for scripts and shell completion). */
  readonly quiet: boolean;
}

export interface LogsFlags extends KernelFlags, JsonFlag {
  readonly jobId: string;
  readonly follow: boolean;
  readonly stream: 'stdout' | 'stderr' | 'both';
  readonly step?: number;
  readonly tail?: number;
}

export interface CancelFlags extends KernelFlags, JsonFlag {
  readonly jobIds: readonly string[];
}

export type ArtifactsFlags = KernelFlags &
  JsonFlag & { readonly jobId: string } & (
    | { readonly action: 'list' }
    | { readonly action: 'get'; readonly name: string; readonly output?: string; readonly force: boolean }
  );

export type SandboxFlags = KernelFlags &
  JsonFlag &
  (
    | { readonly action: 'list'; readonly quiet: boolean }
    | { readonly action: 'templates'; readonly quiet: boolean }
    | { readonly action: 'remove'; readonly name: string }
    | {
        readonly action: 'create';
        readonly template: string;
        readonly name: string;
        readonly dir?: string;
        /** Service to image, replacing the template's. */
        readonly images: Readonly<Record<string, string>>;
        /** Service to host port (0: a free one). */
        readonly ports: Readonly<Record<string, number>>;
      }
    | { readonly action: 'up'; readonly name: string; readonly wait?: string }
    | { readonly action: 'down'; readonly name: string; readonly volumes: boolean }
    | { readonly action: 'exec'; readonly name: string; readonly service: string; readonly command: readonly string[] }
  );

export type RunsFlags = KernelFlags &
  JsonFlag &
  ({ readonly action: 'cleanup'; readonly olderThanDays: number; readonly dryRun: boolean } | { readonly action: 'delete'; readonly jobIds: readonly string[] });

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export interface CompletionFlags {
  readonly shell: (typeof COMPLETION_SHELLS)[number];
}

/** The option values these commands read (a subset of cli-args' OPTIONS). */
export interface HumanValues {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly follow: boolean;
  readonly force: boolean;
  readonly volumes: boolean;
  readonly 'dry-run': boolean;
  readonly status?: string;
  readonly limit?: string;
  readonly stream?: string;
  readonly step?: string;
  readonly tail?: string;
  readonly output?: string;
  readonly dir?: string;
  readonly wait?: string;
  readonly 'older-than'?: string;
  readonly image?: readonly string[];
  readonly publish?: readonly string[];
}

type Parsed<Flags> = Flags | { readonly kind: 'usage-error'; readonly message: string };
const usage = (message: string) => ({ kind: 'usage-error' as const, message });

/** Sub-commands of a group: how each is written, its arguments after the action ([min, max]), its options. */
export const SUBCOMMANDS = {
  sandbox: {
    list: { usage: 'sandbox list [--json] [-q]', arity: [0, 0], options: ['json', 'quiet'] },
    templates: { usage: 'sandbox templates [--json] [-q]', arity: [0, 0], options: ['json', 'quiet'] },
    create: { usage: 'sandbox create TEMPLATE NAME [--dir DIR] [--image SERVICE=IMAGE] [--publish SERVICE=PORT] [--json]', arity: [2, 2], options: ['json', 'dir', 'image', 'publish'] },
    up: { usage: 'sandbox up NAME [--wait healthy|running|none] [--json]', arity: [1, 1], options: ['json', 'wait'] },
    down: { usage: 'sandbox down NAME [--volumes] [--json]', arity: [1, 1], options: ['json', 'volumes'] },
    exec: { usage: 'sandbox exec NAME SERVICE [--json] -- CMD...', arity: [3, Number.POSITIVE_INFINITY], options: ['json'] },
    remove: { usage: 'sandbox remove NAME [--json]', arity: [1, 1], options: ['json'] },
  },
  runs: {
    cleanup: { usage: 'runs cleanup [--older-than 30d] [--dry-run] [--json]', arity: [0, 0], options: ['json', 'older-than', 'dry-run'] },
    delete: { usage: 'runs delete JOB... [--json]', arity: [1, Number.POSITIVE_INFINITY], options: ['json'] },
  },
} as const satisfies Record<string, Record<string, { usage: string; arity: readonly [number, number]; options: readonly (keyof HumanValues)[] }>>;

/** The first option given that `action` does not take (but another action of the group does), as a message; else null. */
function strayOption(group: keyof typeof SUBCOMMANDS, action: string, values: HumanValues): string | null {
  const actions: Record<string, { usage: string; options: readonly string[] }> = SUBCOMMANDS[group];
  const spec = actions[action]!;
  const stray = (Object.keys(values) as (keyof HumanValues)[]).find(
    (option) => values[option] !== undefined && values[option] !== false && !spec.options.includes(option) && option in SUBCOMMAND_OPTIONS,
  );
  return stray === undefined ? null : `--${stray} is not used by "orcaops ${group} ${action}" (usage: orcaops ${spec.usage}).`;
}

/** Every option some sub-command takes; other options were already checked against the command. */
const SUBCOMMAND_OPTIONS: Readonly<Record<string, true>> = Object.fromEntries(
  Object.values(SUBCOMMANDS).flatMap((actions) => Object.values(actions).flatMap((spec: { options: readonly string[] }) => spec.options.map((option) => [option, true]))),
);

/** A whole number from `min` to `max` (the tool's own bounds, so that a value it would refuse is bad usage here). */
function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined | { error: string } {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) return { error: `--${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(text.slice(0, 40))}.` };
  return value;
}

export function parseJobs(values: HumanValues, flags: KernelFlags): Parsed<{ kind: 'jobs' } & JobsFlags> {
  const limit = wholeNumber('limit', values.limit, 1, 100_000);
  if (typeof limit === 'object') return usage(limit.error);
  if (values.quiet && values.json) return usage('-q and --json do not go together: -q prints only the ids, --json the whole reply.');
  return { kind: 'jobs', ...flags, json: values.json, quiet: values.quiet, ...(values.status === undefined ? {} : { status: values.status }), ...(limit === undefined ? {} : { limit }) };
}

export function parseLogs(jobId: string, values: HumanValues, flags: KernelFlags): Parsed<{ kind: 'logs' } & LogsFlags> {
  const stream = values.stream ?? 'both';
  if (stream !== 'stdout' && stream !== 'stderr' && stream !== 'both') return usage(`--stream takes stdout, stderr or both, not ${JSON.stringify(stream.slice(0, 40))}.`);
  const step = wholeNumber('step', values.step, 0, 99);
  if (typeof step === 'object') return usage(step.error);
  const tail = wholeNumber('tail', values.tail, 1, 100_000);
  if (typeof tail === 'object') return usage(tail.error);
  if (tail !== undefined && values.follow) return usage('--tail and -f do not go together: -f prints the whole log and follows it.');
  return { kind: 'logs', ...flags, jobId, json: values.json, follow: values.follow, stream, ...(step === undefined ? {} : { step }), ...(tail === undefined ? {} : { tail }) };
}

export function parseArtifacts(rest: readonly string[], values: HumanValues, flags: KernelFlags): Parsed<{ kind: 'artifacts' } & ArtifactsFlags> {
  const [jobId, action, name, extra] = rest;
  const expected = usage('Wrong number of arguments: expected "orcaops artifacts JOB [--json]" or "orcaops artifacts JOB get NAME [-o FILE|DIR] [--force] [--json]".');
  if (action === undefined) return values.output !== undefined || values.force ? usage('-o and --force belong to "orcaops artifacts JOB get NAME".') : { kind: 'artifacts', ...flags, json: values.json, jobId: jobId!, action: 'list' };
  if (action !== 'get') return usage(`Unknown artifacts command "${action}": use "orcaops artifacts JOB get NAME".`);
  if (name === undefined || extra !== undefined) return expected;
  if (values.output === '') return usage('-o needs a file name, or - for stdout.');
  return { kind: 'artifacts', ...flags, json: values.json, jobId: jobId!, action: 'get', name, force: values.force, ...(values.output === undefined ? {} : { output: values.output }) };
}

export function parseSandbox(rest: readonly string[], values: HumanValues, flags: KernelFlags): Parsed<{ kind: 'sandbox' } & SandboxFlags> {
  const [action, ...args] = rest;
  if (action === undefined || !Object.hasOwn(SUBCOMMANDS.sandbox, action)) return usage(`Unknown sandbox command "${action}": use ${Object.keys(SUBCOMMANDS.sandbox).join(', ')}.`);
  const spec = SUBCOMMANDS.sandbox[action as keyof typeof SUBCOMMANDS.sandbox];
  const stray = strayOption('sandbox', action, values);
  if (stray) return usage(stray);
  if (args.length < spec.arity[0] || args.length > spec.arity[1]) return usage(`Wrong number of arguments: expected "orcaops ${spec.usage}".`);
  const common = { kind: 'sandbox' as const, ...flags, json: values.json };
  const known = action as keyof typeof SUBCOMMANDS.sandbox;
  switch (known) {
    case 'list':
    case 'templates':
      if (values.quiet && values.json) return usage('-q and --json do not go together: -q prints only the names, --json the whole reply.');
      return { ...common, action: known, quiet: values.quiet };
    case 'remove':
      return { ...common, action: 'remove', name: args[0]! };
    case 'create': {
      if (values.dir === '') return usage('--dir needs a value.');
      const images = servicePairs('image', values.image, (image) => image);
      const ports = servicePairs('publish', values.publish, (port) => (/^\d{1,5}$/.test(port) && Number(port) <= 65535 ? Number(port) : undefined));
      if ('error' in images) return usage(images.error);
      if ('error' in ports) return usage(ports.error);
      return { ...common, action: 'create', template: args[0]!, name: args[1]!, images: images.pairs, ports: ports.pairs, ...(values.dir === undefined ? {} : { dir: values.dir }) };
    }
    case 'up':
      if (values.wait !== undefined && !['healthy', 'running', 'none'].includes(values.wait)) return usage(`--wait takes healthy, running or none, not ${JSON.stringify(values.wait.slice(0, 40))}.`);
      return { ...common, action: 'up', name: args[0]!, ...(values.wait === undefined ? {} : { wait: values.wait }) };
    case 'down':
      return { ...common, action: 'down', name: args[0]!, volumes: values.volumes };
    case 'exec':
      return { ...common, action: 'exec', name: args[0]!, service: args[1]!, command: args.slice(2) };
  }
}

/** `NAME=VALUE` as its two parts, split at the first "="; null without one. */
export function splitPair(text: string): readonly [string, string] | null {
  const at = text.indexOf('=');
  return at < 0 ? null : [text.slice(0, at), text.slice(at + 1)];
}

/** `SERVICE=VALUE` options as a record; a value `parse` refuses (undefined) is bad usage. */
function servicePairs<Value>(option: string, given: readonly string[] | undefined, parse: (text: string) => Value | undefined): { pairs: Record<string, Value> } | { error: string } {
  const pairs: Record<string, Value> = {};
  for (const text of given ?? []) {
    const pair = splitPair(text);
    const value = pair && pair[0] !== '' && pair[1] !== '' ? parse(pair[1]) : undefined;
    if (value === undefined) return { error: `--${option} takes SERVICE=${option === 'image' ? 'IMAGE' : 'PORT'}; got ${JSON.stringify(text.slice(0, 80))}.` };
    pairs[pair![0]] = value;
  }
  return { pairs };
}

/** The most days orcaops_cleanup_runs takes. */
const MAX_AGE_DAYS = 365;

/** `30d`, `4w`, `30` (days): the age `runs cleanup` removes runs above, in whole days from 1 to 365. */
export function parseAge(text: string): number | null {
  const match = /^(\d{1,6})\s*(d|days?|w|weeks?)?$/i.exec(text.trim());
  if (!match) return null;
  const days = Number(match[1]) * (match[2]?.toLowerCase().startsWith('w') ? 7 : 1);
  return days >= 1 && days <= MAX_AGE_DAYS ? days : null;
}

export function parseRuns(rest: readonly string[], values: HumanValues, flags: KernelFlags): Parsed<{ kind: 'runs' } & RunsFlags> {
  const [action, ...args] = rest;
  if (action !== 'cleanup' && action !== 'delete') return usage(`Unknown runs command "${action}": use cleanup or delete.`);
  const stray = strayOption('runs', action, values);
  if (stray) return usage(stray);
  const spec = SUBCOMMANDS.runs[action];
  if (args.length < spec.arity[0] || args.length > spec.arity[1]) return usage(`Wrong number of arguments: expected "orcaops ${spec.usage}".`);
  const common = { kind: 'runs' as const, ...flags, json: values.json };
  if (action === 'delete') return { ...common, action, jobIds: args };
  const days = parseAge(values['older-than'] ?? '30d');
  if (days === null) return usage(`--older-than takes an age from 1 to ${MAX_AGE_DAYS} days, in days or weeks (e.g. 30d or 4w), not ${JSON.stringify((values['older-than'] ?? '').slice(0, 40))}.`);
  return { ...common, action, olderThanDays: days, dryRun: values['dry-run'] };
}

export function parseCompletion(shell: string): Parsed<{ kind: 'completion' } & CompletionFlags> {
  return (COMPLETION_SHELLS as readonly string[]).includes(shell)
    ? { kind: 'completion', shell: shell as CompletionFlags['shell'] }
    : usage(`orcaops completion takes bash, zsh or fish, not ${JSON.stringify(shell.slice(0, 40))}.`);
}
