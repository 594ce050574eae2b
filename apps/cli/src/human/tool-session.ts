import type { Kernel } from '@orcaops/kernel';
import { toEnvelope, type ToolOutcome } from '@orcaops/plugin-api';
import type { KernelFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';
import { printable } from './table.js';

/** A tool's reply data, read by the field names its output schema declares. */
export type ToolData = Record<string, unknown>;

/**
 * The catalog as the commands for people use it: every command is calls to the same tools the MCP and HTTP hosts
 * serve, so the CLI cannot drift into a second implementation. A failed call is reported here once: as the
 * reply's JSON envelope on stdout with --json, otherwise as its message and suggestion on stderr.
 */
export class ToolSession {
  constructor(
    readonly kernel: Kernel,
    readonly io: CliIo,
    readonly json: boolean,
  ) {}

  /** The tool's reply data, or null when it failed (already reported). */
  async call(tool: string, args: Record<string, unknown>, options: { signal?: AbortSignal } = {}): Promise<ToolData | null> {
    const outcome = await this.kernel.invoker.invoke(tool, args, options);
    if (outcome.ok) return outcome.data;
    await this.reportFailure(outcome);
    return null;
  }

  /** The outcome as it came, for commands that report each of several calls (cancel, runs delete). */
  invoke(tool: string, args: Record<string, unknown>): Promise<ToolOutcome> {
    return this.kernel.invoker.invoke(tool, args);
  }

  async reportFailure(outcome: Extract<ToolOutcome, { ok: false }>): Promise<void> {
    if (this.json) await this.printJson(toEnvelope(outcome));
    // Messages may quote what a caller or a job gave (names, paths): shown as text only.
    else await writeOut(this.io.stderr, `orcaops: ${printable(outcome.error.message)}\n${outcome.error.suggestion ? `  ${printable(outcome.error.suggestion)}\n` : ''}`);
  }

  /** A successful reply as the envelope `orcaops call` prints. */
  printSuccess(data: ToolData): Promise<void> {
    return this.printJson({ success: true, ...data });
  }

  printJson(value: unknown): Promise<void> {
    return writeOut(this.io.stdout, `${JSON.stringify(value, null, 2)}\n`);
  }

  print(text: string): Promise<void> {
    return text === '' ? Promise.resolve() : writeOut(this.io.stdout, text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Starts the kernel, runs `body` with a session over its tools, and stops the kernel whatever happens. */
export async function withTools(flags: KernelFlags & { readonly json?: boolean }, io: CliIo, body: (tools: ToolSession) => Promise<number>): Promise<number> {
  const started = await startKernel(flags, io);
  if (!started.ok) return started.exitCode;
  try {
    return await body(new ToolSession(started.kernel, io, flags.json ?? false));
  } finally {
    await started.kernel.stop();
  }
}

/**
 * One call of `tool` for each job id, in order, each reported as it ends (a line from `say`, or the failure);
 * with --json one envelope for one job, a list of them for several. Exit 1 when any call failed.
 */
export async function callForEachJob(tools: ToolSession, tool: string, jobIds: readonly string[], say: (jobId: string, data: ToolData) => string): Promise<number> {
  const outcomes: ToolOutcome[] = [];
  for (const jobId of jobIds) {
    const outcome = await tools.invoke(tool, { job_id: jobId });
    outcomes.push(outcome);
    if (tools.json) continue;
    if (outcome.ok) await tools.print(say(jobId, outcome.data));
    else await tools.reportFailure(outcome);
  }
  if (tools.json) await tools.printJson(outcomes.length === 1 ? toEnvelope(outcomes[0]!) : outcomes.map(toEnvelope));
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

/**
 * Rows of a paged listing tool, page after page from offset 0 until the last page or `max` rows (a reply budget
 * may end a page early; the next one starts where it stopped). Also the first page's other fields. Null: failed.
 */
export async function allPages<Row>(
  tools: ToolSession,
  tool: string,
  args: Record<string, unknown>,
  field: string,
  max = Number.POSITIVE_INFINITY,
): Promise<{ rows: Row[]; first: ToolData; nextOffset: number | null } | null> {
  const rows: Row[] = [];
  let first: ToolData | null = null;
  let offset: number | null = 0;
  while (offset !== null && rows.length < max) {
    const page = await tools.call(tool, { ...args, offset, ...(Number.isFinite(max) ? { limit: Math.min(500, max - rows.length) } : {}) });
    if (!page) return null;
    first ??= page;
    rows.push(...(page[field] as Row[]));
    offset = page['next_offset'] as number | null;
  }
  return { rows, first: first!, nextOffset: offset };
}
