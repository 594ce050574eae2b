import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { isFinalStatus, type JobStatus } from '@orcaops/contracts';
import type { Invoker } from '@orcaops/kernel';
import { drained, HttpError } from '../server/http-io.js';
import { statusOf } from './status-codes.js';

/** The tools a live log follows; the stream is offered only when both are served. */
export const LOG_STREAM_TOOLS = ['orcaops_get_job_logs', 'orcaops_get_job_status'] as const;

const STREAMS = ['stdout', 'stderr'] as const;
type Stream = (typeof STREAMS)[number];
const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;
/** Bytes of text per event: small enough to keep events quick to parse, large enough for a busy job. */
const SLICE_BYTES = 32 * 1024;

interface LogSlice {
  readonly text: string;
  readonly offset: number;
  readonly next_offset: number | null;
  readonly size: number;
}

/**
 * `GET /v1/jobs/{job_id}/logs/stream`: the job's output as Server-Sent Events while it runs (`event: stdout` /
 * `stderr`, data `{text, offset, next_offset}`), then `event: end` with the job's status. Each event's id holds
 * both streams' offsets, so a client that reconnects with `Last-Event-ID` (or `?offset=` for one stream) goes on
 * exactly where it left off. Built on orcaops_get_job_logs, polled, so it reads what that tool reads.
 */
export async function streamJobLogs(
  jobId: string,
  query: URLSearchParams,
  lastEventId: string | undefined,
  res: ServerResponse,
  invoker: Pick<Invoker, 'invoke'>,
): Promise<{ status: number; outcome: string }> {
  const wanted = query.get('stream') ?? 'both';
  if (wanted !== 'both' && wanted !== 'stdout' && wanted !== 'stderr') {
    throw new HttpError(400, 'VALIDATION_ERROR', `stream must be stdout, stderr or both, not ${JSON.stringify(wanted.slice(0, 40))}.`, 'Leave stream out for both.');
  }
  const streams: readonly Stream[] = wanted === 'both' ? STREAMS : [wanted];
  const offsets = startOffsets(streams, query.get('offset'), lastEventId);

  // The first read says whether the job exists, before any event is sent.
  const first = await readLogs(invoker, jobId, streams, offsets);
  if (!first.ok) throw new HttpError(statusOf(first.code), first.code, first.message, first.suggestion);

  const closed = new AbortController();
  res.on('close', () => closed.abort());
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write(`retry: 1000\n\n`);
  let reply = first;
  let lastWrite = Date.now();
  // The status comes with the slices, so output written just before the job ended may follow in one more read.
  let endSeen = false;
  while (!closed.signal.aborted) {
    let wrote = false;
    for (const stream of streams) {
      const slice = reply.slices[stream];
      if (!slice || slice.text === '') continue;
      offsets[stream] = slice.next_offset ?? slice.size;
      // A client that reads slowly holds the stream back rather than filling the server's memory.
      if (!res.write(`id: ${eventId(offsets)}\nevent: ${stream}\ndata: ${JSON.stringify({ text: slice.text, offset: slice.offset, next_offset: offsets[stream] })}\n\n`)) await drained(res);
      wrote = true;
    }
    if (!wrote && isFinalStatus(reply.status as JobStatus)) {
      if (endSeen) {
        res.end(`id: ${eventId(offsets)}\nevent: end\ndata: ${JSON.stringify({ status: reply.status })}\n\n`);
        return { status: 200, outcome: 'ok' };
      }
      endSeen = true;
    }
    if (wrote) lastWrite = Date.now();
    else if (Date.now() - lastWrite > HEARTBEAT_MS) {
      res.write(': still running\n\n');
      lastWrite = Date.now();
    }
    if (!wrote && !endSeen) await sleep(POLL_MS, undefined, { signal: closed.signal }).catch(() => undefined);
    if (closed.signal.aborted) break;
    const next = await readLogs(invoker, jobId, streams, offsets);
    if (!next.ok) {
      res.end(`event: error\ndata: ${JSON.stringify({ code: next.code, message: next.message })}\n\n`);
      return { status: 200, outcome: next.code };
    }
    reply = next;
  }
  return { status: 200, outcome: 'CANCELLED' };
}

function eventId(offsets: Record<Stream, number>): string {
  return `${offsets.stdout}:${offsets.stderr}`;
}

function startOffsets(streams: readonly Stream[], offset: string | null, lastEventId: string | undefined): Record<Stream, number> {
  const offsets: Record<Stream, number> = { stdout: 0, stderr: 0 };
  const resumed = lastEventId !== undefined ? /^(\d+):(\d+)$/.exec(lastEventId) : null;
  if (resumed) return { stdout: Number(resumed[1]), stderr: Number(resumed[2]) };
  if (offset !== null) {
    if (!/^\d+$/.test(offset) || streams.length !== 1) {
      throw new HttpError(400, 'VALIDATION_ERROR', 'offset must be a byte offset, with stream=stdout or stream=stderr.', 'Reconnect with Last-Event-ID to resume both streams.');
    }
    offsets[streams[0]!] = Number(offset);
  }
  return offsets;
}

type LogsRead =
  | { readonly ok: true; readonly status: string; readonly slices: Partial<Record<Stream, LogSlice>> }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly suggestion: string };

async function readLogs(invoker: Pick<Invoker, 'invoke'>, jobId: string, streams: readonly Stream[], offsets: Record<Stream, number>): Promise<LogsRead> {
  const slices: Partial<Record<Stream, LogSlice>> = {};
  let status = '';
  for (const stream of streams) {
    const outcome = await invoker.invoke('orcaops_get_job_logs', { job_id: jobId, stream, offset: offsets[stream], max_bytes: SLICE_BYTES });
    if (!outcome.ok) return { ok: false, ...outcome.error };
    status = String(outcome.data['status']);
    slices[stream] = outcome.data[stream] as LogSlice | undefined;
  }
  return { ok: true, status, slices };
}
