import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOrcaError, toEnvelope, type ToolOutcome } from '@orcaops/plugin-api';
import type { Invoker } from '@orcaops/kernel';
import type { HttpConfig } from '../config/http-config.js';
import type { HttpOperation } from '../routes/operations.js';
import { fromOrcaError, HttpError, readJsonBody, sendJson } from '../server/http-io.js';
import { requestArgs } from './request-args.js';
import { statusOf } from './status-codes.js';

/** What the audit log records of a call. */
export interface CallRecord {
  readonly status: number;
  /** `ok`, or the error code. */
  readonly outcome: string;
}

/**
 * One REST call: the tool's arguments from the request, the call through the invoker (the same pipeline as MCP),
 * the envelope as the body with the status its code maps to. A call gives up after `callTimeoutSeconds` (504), and
 * is cancelled when the client goes away.
 */
export async function callOperation(
  operation: HttpOperation,
  pathValues: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
  context: {
    readonly url: URL;
    readonly config: HttpConfig;
    readonly invoker: Pick<Invoker, 'invoke'>;
    readonly headers: Record<string, string>;
    /** Aborted when the server stops: the call ends with what it has, and that answer is still sent. */
    readonly shutdown: AbortSignal;
  },
): Promise<CallRecord> {
  const { config } = context;
  const body = operation.argsIn === 'body' ? await readJsonBody(req, res, config.maxBodyBytes) : undefined;
  let args: Record<string, unknown>;
  try {
    args = requestArgs(operation, pathValues, context.url.searchParams, body as never);
  } catch (error) {
    if (isOrcaError(error)) throw fromOrcaError(error, 400);
    throw error;
  }
  capWait(operation, args, config.callTimeoutSeconds);

  // One controller for both ends of a call: the client going away, and the deadline (a timer cleared when the call
  // ends, rather than a timeout signal that outlives it).
  const cancel = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) cancel.abort(new Error('The client closed the connection.'));
  };
  res.on('close', onClose);
  const onShutdown = () => cancel.abort(new Error('OrcaOps is shutting down.'));
  context.shutdown.addEventListener('abort', onShutdown, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancel.abort(new Error('The call deadline passed.'));
  }, config.callTimeoutSeconds * 1000);
  let outcome: ToolOutcome;
  try {
    outcome = await context.invoker.invoke(operation.tool.name, args, { signal: cancel.signal, maxReplyBytes: config.maxReplyBytes });
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
    context.shutdown.removeEventListener('abort', onShutdown);
  }
  if (!outcome.ok && timedOut) {
    throw new HttpError(
      504,
      'TIMEOUT',
      `${operation.tool.name} did not answer within ${config.callTimeoutSeconds} s (http.callTimeoutSeconds) and was cancelled.`,
      'Jobs run on after their call ends: submit with POST /v1/jobs and poll GET /v1/jobs/{job_id}. Otherwise ask for less at once, or raise http.callTimeoutSeconds for clients that can wait.',
      context.headers,
    );
  }
  // An error that says when to come back (a full job queue) is a 429 with Retry-After, not a refusal of the request.
  const retryAfter = outcome.ok ? undefined : outcome.error.details?.['retry_after_seconds'];
  const status = outcome.ok ? 200 : typeof retryAfter === 'number' ? 429 : statusOf(outcome.error.code);
  sendJson(res, status, toEnvelope(outcome), typeof retryAfter === 'number' ? { ...context.headers, 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))) } : context.headers);
  return { status, outcome: outcome.ok ? 'ok' : outcome.error.code };
}

/**
 * The field a tool declares as its wait (`http.waitField`: orcaops_run_job's wait_seconds, a sandbox start's
 * wait_timeout, an exec's timeout) is capped to the call's deadline less a margin, so the call answers in time with
 * what it has (a job's id and `running`) instead of a 504 (GPT Actions give up after 45 s).
 */
function capWait(operation: HttpOperation, args: Record<string, unknown>, limitSeconds: number): void {
  const field = operation.tool.http?.waitField;
  if (field === undefined) return;
  const margin = Math.max(1, Math.min(5, Math.floor(limitSeconds / 10)));
  const cap = Math.max(1, limitSeconds - margin);
  const asked = args[field];
  if (asked === undefined || (typeof asked === 'number' && asked > cap)) args[field] = cap;
}
