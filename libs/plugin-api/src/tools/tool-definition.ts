import type { z } from 'zod';
import type { Logger } from '../services/logger.js';
import type { ReplyBudget } from './reply-budget.js';

/** Tool names: `<prefix>_<verb>_<noun>`, lower snake case; the prefix is the plugin's (see {@link toolPrefixOf}). */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+){2,}$/;

/** The prefix of OrcaOps's own tools (`orcaops_run_job`); reserved for the built-in plugins. */
export const BUILTIN_TOOL_PREFIX = 'orcaops';

/** A tool prefix: one lower-case word of 2–24 letters and digits (no `_`, so a name splits unambiguously). */
export const TOOL_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,23}$/;

/**
 * The prefix a plugin's tool names start with: its declared `toolPrefix`, else derived from its id (the last
 * segment of `@scope/name`, without an `orcaops-plugin-`, `orcaops-` or `plugin-` start, letters and digits only):
 * `@acme/orcaops-images` gives `images`.
 */
export function toolPrefixOf(plugin: { readonly id: string; readonly toolPrefix?: string }): string {
  if (plugin.toolPrefix !== undefined) return plugin.toolPrefix;
  const name = plugin.id.split('/').pop() ?? plugin.id;
  return name.replace(/^(orcaops-plugin-|orcaops-|plugin-)/, '').replace(/[^a-z0-9]/g, '');
}

/**
 * MCP tool annotations. Hosts use them to auto-approve safe calls and to ask before destructive ones, so
 * `readOnlyHint` is required and the others are set wherever they apply.
 */
export interface ToolAnnotations {
  /** The tool changes nothing. */
  readonly readOnlyHint: boolean;
  /** The tool may delete or overwrite (MCP assumes true when absent and not read-only). */
  readonly destructiveHint?: boolean;
  /** Calling again with the same arguments has no further effect. */
  readonly idempotentHint?: boolean;
  /** The tool reaches beyond OrcaOps's own resources (e.g. pulls from a registry). */
  readonly openWorldHint?: boolean;
}

/** Progress of a long-running call, forwarded to MCP clients that asked for it. */
export interface ProgressUpdate {
  /** Work done so far; must increase from one update to the next. */
  readonly progress: number;
  /** Total work, when known. */
  readonly total?: number;
  /** A short human-readable status line. */
  readonly message?: string;
}

/** What a tool receives besides its arguments. */
export interface ToolContext {
  /** Aborted when the caller cancels the call or the host shuts down. */
  readonly signal: AbortSignal;
  /** Reports progress; a no-op when the caller did not ask for progress. Never throws. */
  progress(update: ProgressUpdate): void;
  /** A logger scoped to this call (writes to stderr, never to the protocol stream). */
  readonly log: Logger;
  /**
   * The byte limit of this call's reply. The invoker enforces it whatever the tool returns (cutting long strings
   * and lists, and saying so in `reply_truncated`); tools whose output can grow fit themselves within it first.
   */
  readonly reply: ReplyBudget;
}

/** Optional hints for the terminal UI; hosts that do not understand them ignore them. */
export interface ToolPresentation {
  /** Field of the output that holds the main list, shown as a table. */
  readonly listField?: string;
  /** Columns to show for that list, in order. */
  readonly columns?: readonly string[];
}

/**
 * Where the tool lives in OrcaOps's REST API (the HTTP host), e.g. `{ method: 'GET', path: '/jobs/{job_id}/logs' }`
 * for `GET /v1/jobs/{job_id}/logs`. `{name}` segments are input fields; the other fields come from the query string
 * (GET, DELETE) or the JSON body (POST). Without a route a tool is still served, at `POST /v1/tools/<name>`.
 */
export interface ToolHttpRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Under `/v1`, starting with `/`; lower-case literal segments and `{field}` segments naming string input fields. */
  readonly path: string;
  /**
   * An input field, in seconds, that bounds how long the call waits or runs (e.g. `wait_seconds`). A host whose calls
   * have a deadline (GPT Actions give up after 45 s) caps it, so the call answers in time with what it has.
   */
  readonly waitField?: string;
}

/** Any zod object schema: tool inputs and outputs are always objects. */
export type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

/**
 * A tool, declared once as data. Both hosts (MCP and the terminal UI) derive everything from it: JSON schemas,
 * validation, annotations and the call itself.
 */
export interface ToolDefinition<I extends AnyObjectSchema = AnyObjectSchema, O extends AnyObjectSchema = AnyObjectSchema> {
  /** Unique name, `<prefix>_<verb>_<noun>` (built-ins: `orcaops_<verb>_<noun>`). */
  readonly name: string;
  /** Short human title. */
  readonly title: string;
  /** Written for an LLM: when to use the tool, what it returns, what to call next. */
  readonly description: string;
  /** Grouping for the terminal UI and documentation (e.g. `jobs`, `system`). */
  readonly category: string;
  /** Arguments, validated before `run` is called. */
  readonly input: I;
  /** The data `run` returns on success, validated before it reaches a client. */
  readonly output: O;
  /** MCP annotations. */
  readonly annotations: ToolAnnotations;
  /** Optional terminal UI hints. */
  readonly presentation?: ToolPresentation;
  /** Optional REST route; hosts without HTTP ignore it. */
  readonly http?: ToolHttpRoute;
  /**
   * Does the work. Throws {@link OrcaError} for expected failures; anything else is reported as `INTERNAL`.
   * Must honour `ctx.signal`.
   */
  run(args: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
}

/**
 * Declares a tool with full type inference from its zod schemas.
 *
 * @example
 * defineTool({ name: 'orcaops_get_thing', title: 'Get thing', description: '...', category: 'things',
 *   input: z.object({ id: z.string() }), output: z.object({ thing: Thing }),
 *   annotations: { readOnlyHint: true, openWorldHint: false },
 *   run: async ({ id }) => ({ thing: await things.get(id) }) });
 */
export function defineTool<I extends AnyObjectSchema, O extends AnyObjectSchema>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

/** A tool of any input and output type, as the catalog holds them. */
export type AnyToolDefinition = ToolDefinition<any, any>;

/** How much a tool can change, for hosts that label or confirm calls. */
export type ToolSafety = 'read-only' | 'writes' | 'destructive';

/** MCP semantics: a tool that is not read-only is destructive unless it says `destructiveHint: false`. */
export function toolSafety(annotations: ToolAnnotations): ToolSafety {
  if (annotations.readOnlyHint) return 'read-only';
  return annotations.destructiveHint === false ? 'writes' : 'destructive';
}
