import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { z } from 'zod';
import { OrcaError, defineTool, type RunStore } from '@orcaops/plugin-api';
import type { JobEngine } from '../engine/job-engine.js';
import { JobIdInput } from './job-views.js';

/** `orcaops_list_artifacts` and `orcaops_get_artifact`. */
export function createArtifactTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_list_artifacts',
      title: 'List artifacts',
      category: 'jobs',
      description: 'Lists the files a job collected (its artifacts patterns), with size and sha256, and the patterns that matched nothing. Fetch one with orcaops_get_artifact.',
      input: z.object({ job_id: JobIdInput }),
      output: z.object({
        job_id: z.string(),
        status: z.string(),
        artifacts: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string(), source: z.string() })),
        skipped: z.array(z.object({ pattern: z.string(), reason: z.string() })),
      }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id }) => {
        const record = await engine.get(job_id);
        return { job_id, status: record.status, artifacts: record.artifacts, skipped: record.artifacts_skipped };
      },
    }),
    defineTool({
      name: 'orcaops_get_artifact',
      title: 'Get an artifact',
      category: 'jobs',
      description:
        'Returns an artifact\'s content: text as UTF-8, binary as base64 (encoding=auto decides), at most max_bytes from offset; ' +
        'next_offset pages on. filename is a path from orcaops_list_artifacts.',
      input: z.object({
        job_id: JobIdInput,
        filename: z.string().min(1).max(4096),
        offset: z.number().int().min(0).default(0),
        max_bytes: z.number().int().min(1).max(10_485_760).default(1_048_576),
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
      run: async ({ job_id, filename, offset, max_bytes, encoding }) => {
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
        const handle = await open(path, 'r');
        try {
          const length = Math.max(0, Math.min(max_bytes, artifact.size - offset));
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          const bytes = buffer.subarray(0, bytesRead);
          const chosen = encoding === 'auto' ? (looksLikeText(bytes) ? 'utf8' : 'base64') : encoding;
          const end = offset + bytesRead;
          return {
            job_id,
            filename: name,
            size: artifact.size,
            sha256: artifact.sha256,
            offset,
            encoding: chosen,
            content: bytes.toString(chosen),
            next_offset: end < artifact.size ? end : null,
            truncated: end < artifact.size,
          };
        } finally {
          await handle.close();
        }
      },
    }),
  ];
}

/** Text when it decodes as UTF-8 and has no NUL bytes (a slice may cut a character at its end). */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replacements = decoded.split('\uFFFD').length - 1;
  return replacements <= 1;
}
