import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname } from 'node:path';
import type { Invoker } from '@orcaops/kernel';
import { drained, HttpError } from '../server/http-io.js';
import { statusOf } from './status-codes.js';

/** The tool a download reads through; the route is offered only when it is served. */
export const ARTIFACT_TOOL = 'orcaops_get_artifact';

/**
 * Bytes asked per call, as base64 in the reply (the tool raises its reply budget for it, up to `replies.maxBytes`,
 * and returns a shorter slice when that is lower): large slices, because each is a tool call reading the file.
 */
const SLICE_BASE64_BYTES = 768 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` against `size`: the inclusive range, null for the whole file, or 'unsatisfiable'. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: answered with the whole file, as RFC 9110 allows.
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

interface ArtifactSlice {
  readonly size: number;
  readonly sha256: string;
  readonly content: string;
  readonly next_offset: number | null;
}

/**
 * `GET /v1/jobs/{job_id}/artifacts/{path}`: the file itself, with its content type, ETag (its SHA-256) and range
 * support, read slice by slice through orcaops_get_artifact (so the same checks apply: the path stays inside the
 * job's artifacts).
 */
export async function downloadArtifact(jobId: string, path: string, req: IncomingMessage, res: ServerResponse, invoker: Pick<Invoker, 'invoke'>): Promise<{ status: number; outcome: string }> {
  const read = async (offset: number): Promise<ArtifactSlice> => {
    const outcome = await invoker.invoke(ARTIFACT_TOOL, { job_id: jobId, filename: path, offset, max_bytes: SLICE_BASE64_BYTES, encoding: 'base64' });
    if (!outcome.ok) throw new HttpError(statusOf(outcome.error.code), outcome.error.code, outcome.error.message, outcome.error.suggestion);
    return outcome.data as unknown as ArtifactSlice;
  };
  const first = await read(0);
  const etag = `"${first.sha256}"`;
  const common = {
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Content-Type': contentTypeOf(path),
    'Content-Disposition': contentDisposition(basename(path)),
    'Cache-Control': 'no-store',
    // A job's output is not trusted: a browser that opens it anyway must not run it as a page of this server.
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304, common).end();
    return { status: 304, outcome: 'ok' };
  }
  const ifRange = req.headers['if-range'];
  const range = ifRange !== undefined && ifRange !== etag ? null : parseRange(req.headers.range, first.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${first.size}` }).end();
    return { status: 416, outcome: 'LIMIT_EXCEEDED' };
  }
  const { start, end } = range ?? { start: 0, end: first.size - 1 };
  const status = range ? 206 : 200;
  res.writeHead(status, { ...common, 'Content-Length': Math.max(0, end - start + 1), ...(range ? { 'Content-Range': `bytes ${start}-${end}/${first.size}` } : {}) });
  if (req.method === 'HEAD' || first.size === 0) {
    res.end();
    return { status, outcome: 'ok' };
  }
  try {
    let slice = start === 0 ? first : await read(start);
    let offset = start;
    while (!res.destroyed) {
      const bytes = Buffer.from(slice.content, 'base64');
      const wanted = bytes.subarray(0, end + 1 - offset);
      if (!res.write(wanted)) await drained(res);
      offset += wanted.length;
      if (offset > end || slice.next_offset === null || bytes.length === 0) break;
      slice = await read(slice.next_offset);
    }
  } catch (error) {
    // The status line is sent: cutting the connection is the only way to tell the client the body is incomplete.
    res.destroy(error as Error);
    return { status, outcome: error instanceof HttpError ? error.code : 'INTERNAL' };
  }
  res.end();
  return { status, outcome: 'ok' };
}

/** `attachment` with an ASCII name for old clients and the exact name as RFC 8187 UTF-8 for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** If-None-Match: `*`, or a list of tags, weak ones compared by their value. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
