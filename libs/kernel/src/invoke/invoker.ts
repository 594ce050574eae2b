import { OrcaError, isOrcaError, type Logger, type ProgressUpdate, type ToolOutcome } from '@orcaops/plugin-api';
import type { z } from 'zod';
import type { ToolCatalog } from '../catalog/tool-catalog.js';

/** Per-call options a host passes to {@link Invoker.invoke}. */
export interface InvokeOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** Receives progress; omitted when the caller did not ask for it. */
  readonly onProgress?: (update: ProgressUpdate) => void;
}

/** Runs tools by name. `invoke` never throws: every failure comes back as an outcome. */
export class Invoker {
  constructor(
    private readonly catalog: ToolCatalog,
    private readonly log: Logger,
    /** Aborted on shutdown; every call's signal follows it. */
    private readonly shutdown: AbortSignal,
  ) {}

  async invoke(name: string, args: unknown, options: InvokeOptions = {}): Promise<ToolOutcome> {
    try {
      return await this.run(name, args, options);
    } catch (error) {
      return this.failure(name, error);
    }
  }

  private async run(name: string, args: unknown, options: InvokeOptions): Promise<ToolOutcome> {
    const entry = this.catalog.get(name);
    if (!entry) {
      throw new OrcaError('TOOL_NOT_FOUND', `There is no tool named "${name}".`, {
        suggestion: `Use one of: ${this.catalog.names().join(', ')}.`,
      });
    }
    const { tool } = entry;
    const input = tool.input.safeParse(args ?? {});
    if (!input.success) throw validationError(`Invalid arguments for ${name}`, input.error);

    const signal = options.signal ? AbortSignal.any([options.signal, this.shutdown]) : this.shutdown;
    if (signal.aborted) throw new OrcaError('CANCELLED', `${name} was cancelled before it started.`);
    const log = this.log.child({ tool: name, plugin: entry.pluginId });
    const started = performance.now();
    const result = await tool.run(input.data, { signal, log, progress: guardedProgress(options.onProgress, log) });

    const output = tool.output.safeParse(result);
    if (!output.success) {
      log.error('tool returned output that does not match its schema', { issues: output.error.issues });
      throw new OrcaError('INTERNAL', `${name} produced an invalid result (${describeIssues(output.error)}).`);
    }
    log.debug('tool call succeeded', { ms: Math.round(performance.now() - started) });
    return { ok: true, data: output.data as Record<string, unknown> };
  }

  private failure(name: string, error: unknown): ToolOutcome {
    if (isOrcaError(error)) {
      this.log.debug('tool call failed', { tool: name, code: error.code, message: error.message });
      return { ok: false, error: error.toPayload() };
    }
    this.log.error('tool call threw an unexpected error', { tool: name, error });
    return {
      ok: false,
      error: new OrcaError('INTERNAL', `${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`).toPayload(),
    };
  }
}

/** A `VALIDATION_ERROR` naming every bad field by its path. */
export function validationError(prefix: string, error: z.ZodError): OrcaError {
  return new OrcaError('VALIDATION_ERROR', `${prefix}: ${describeIssues(error)}.`, {
    suggestion: 'Fix the fields named and call again; the tool input schema lists every field with its type.',
    details: { issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) },
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(arguments)'}: ${issue.message}`).join('; ');
}

/** Progress must never break a tool: a throwing or non-increasing report is dropped. */
function guardedProgress(onProgress: InvokeOptions['onProgress'], log: Logger): (update: ProgressUpdate) => void {
  let last = -Infinity;
  return (update) => {
    if (!onProgress || !(update.progress > last)) return;
    last = update.progress;
    try {
      onProgress(update);
    } catch (error) {
      log.debug('progress listener failed', { error });
    }
  };
}
