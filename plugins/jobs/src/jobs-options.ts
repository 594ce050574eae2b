import { cpus } from 'node:os';
import { z } from 'zod';

/** Options of the jobs plugin (`plugins` entry options in orcaops.config.json). */
export const JobsOptionsSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(64).default(Math.max(2, cpus().length)).describe('Jobs running at once.'),
  max_queued: z.number().int().min(0).max(10_000).default(100).describe('Jobs waiting for a slot before submissions are refused.'),
  input_roots: z.array(z.string().min(1)).default([]).describe('Host directories jobs may copy inputs from; empty means the working directory.'),
  max_input_bytes: z.number().int().min(1).default(256 * 1024 * 1024),
  max_artifact_bytes: z.number().int().min(1).default(100 * 1024 * 1024).describe('Largest single artifact.'),
  max_artifacts_total_bytes: z.number().int().min(1).default(512 * 1024 * 1024),
  max_artifacts: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .describe('Most files one job collects; the rest are listed as skipped.'),
});

export type JobsOptions = z.output<typeof JobsOptionsSchema>;
