import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { z } from 'zod';
import { OrcaError, PathInput, REPLY_HEADROOM_BYTES, characterEnd, defineTool, fitPage, jsonBytes, replyRoom, replyWireBytes } from '@orcaops/plugin-api';
import { type RunStore } from '@orcaops/contracts';
import type { JobEngine } from '../engine/job-engine.js';
import { JobIdInput } from './job-views.js';

/** Files on one orcaops_list_artifacts page unless the caller asks otherwise, and at most. */
const ARTIFACT_PAGE_DEFAULT = 200;
const ARTIFACT_PAGE_MAX = 1000;
/** orcaops_get_artifact's max_bytes unless the caller asks for more. */
const DEFAULT_MAX_BYTES = 65_536;

/** `orcaops_list_artifacts` and `orcaops_get_artifact`. */
export function createArtifactTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_list_artifacts',
      title: 'List artifacts',
      category: 'jobs',
      http: { method: 'GET', path: '/jobs/{job_id}/artifacts' },
      description: 'Lists the files a job collected, with size and sha256. Read one with orcaops_get_artifact.',
      input: z.object({
        job_id: JobIdInput,
        path_prefix: z
          .string()
          .min(1)
          .max(4096)
          .optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(ARTIFACT_PAGE_MAX).default(ARTIFACT_PAGE_DEFAULT),
      }),
      output: z.object({
        job_id: z.string(),
        status: z.string(),
        artifacts: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string(), source: z.string() })),
        total: z.number().describe('Files that match path_prefix (all collected files without it).'),
        next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
        skipped: z.array(z.object({ pattern: z.string(), reason: z.string() })),
      }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id, path_prefix, offset, limit }, ctx) => {
        const record = await engine.get(job_id);
        const prefix = path_prefix?.replace(/^\/+/, '');
        const matching = prefix ? record.artifacts.filter((artifact) => artifact.path.startsWith(prefix)) : record.artifacts;
        return fitPage(matching, { offset, limit }, replyRoom(ctx.reply), (artifacts, next_offset) => ({
          job_id,
          status: record.status,
          artifacts,
          total: matching.length,
          next_offset,
          skipped: record.artifacts_skipped,
        })).reply;
      },
    }),
    defineTool({
      name: 'orcaops_get_artifact',
      title: 'Get an artifact',
      category: 'jobs',
      http: { method: 'GET', path: '/jobs/{job_id}/artifact' },
      description: 'Returns an artifact\'s exact content from a byte offset: text as UTF-8, binary as base64. filename comes from orcaops_list_artifacts.',
      input: z.object({
        job_id: JobIdInput,
        filename: PathInput,
        offset: z.number().int().min(0).default(0),
        max_bytes: z.number().int().min(1).max(10_485_760).default(DEFAULT_MAX_BYTES),
        encoding: z.enum(['auto', 'utf8', 'base64']).default('auto'),
      }),
      output: z.object({
        job_id: z.string(),
        filename: z.string(),
        size: z.number(),
        sha256: z.string(),
        offset: z.number(),
        encoding: z.enum(['utf8', 'base64']),
        content: z.string(),
        next_offset: z.number().nullable(),
        truncated: z.boolean(),
      }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id, filename, offset, max_bytes, encoding }, ctx) => {
        const record = await engine.get(job_id);
        const name = filename.replace(/^\/+/, '');
        const artifact = record.artifacts.find((candidate) => candidate.path === name);
        const root = resolve(store.artifactsDir(job_id));
        const path = resolve(root, name);
        if (!path.startsWith(root + sep)) throw new OrcaError('INVALID_PATH', `"${filename}" points outside the job's artifacts.`);
        if (!artifact) {
          throw new OrcaError('ARTIFACT_NOT_FOUND', `Job ${job_id} has no artifact "${filename}".`, {
            suggestion: `Use orcaops_list_artifacts with job_id ${job_id} to see what was collected.`,
          });
        }
        // Both reply copies carry the content. As for logs (decision 0014), only a max_bytes above the default asks
        // for a larger reply; the default reply stays within the default budget.
        if (max_bytes > DEFAULT_MAX_BYTES) ctx.reply.raise(2 * max_bytes + 2 * REPLY_HEADROOM_BYTES);
        const room = replyRoom(ctx.reply);
        const handle = await open(path, 'r');
        let bytes: Buffer;
        try {
          // Encoded content is never shorter than three quarters of its bytes (base64), so this many bytes suffice.
          const length = Math.max(0, Math.min(Math.ceil((max_bytes * 3) / 4) + 4, Math.ceil(room / 2), artifact.size - offset));
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          bytes = buffer.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
        const chosen = encoding === 'auto' ? (looksLikeText(bytes) ? 'utf8' : 'base64') : encoding;
        // A read that stops inside the file may stop inside a character; text never shows half of one.
        if (chosen === 'utf8' && offset + bytes.length < artifact.size) bytes = bytes.subarray(0, characterEnd(bytes, 0, bytes.length));
        const reply = (length: number) => {
          const end = offset + length;
          return {
            job_id,
            filename: name,
            size: artifact.size,
            sha256: artifact.sha256,
            offset,
            encoding: chosen,
            content: bytes.subarray(0, length).toString(chosen),
            next_offset: end < artifact.size ? end : null,
            truncated: end < artifact.size,
          };
        };
        const fits = (length: number) => {
          const candidate = reply(length);
          return jsonBytes(candidate.content) <= max_bytes && replyWireBytes(candidate) <= room;
        };
        return reply(longestFitting(bytes, chosen, fits));
      },
    }),
  ];
}

/**
 * The most bytes of `bytes` for which `fits` holds, ending on a whole UTF-8 character for text, and at least one
 * when there are any (so paging always moves on; the invoker bounds a reply that still does not fit).
 */
function longestFitting(bytes: Buffer, encoding: 'utf8' | 'base64', fits: (length: number) => boolean): number {
  if (fits(bytes.length)) return bytes.length;
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  if (encoding === 'utf8') low = characterEnd(bytes, 0, low);
  return Math.max(low, Math.min(1, bytes.length));
}

/** Text when it decodes as UTF-8 and has no NUL bytes (a slice may cut a character at its end). */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replacements = decoded.split('\uFFFD').length - 1;
  return replacements <= 1;
}
