import { cpus } from 'node:os';
import { z } from 'zod';
import { DEFAULT_JOB_CAPABILITIES, isCapability } from './engine/capabilities.js';
import type { JobSecurity } from './engine/job-policy.js';

const Capability = z.string().refine(isCapability, 'must be a Linux capability name such as NET_RAW (without CAP_)');
const Memory = z.string().regex(/^\d+(\.\d+)?[kmg]?b?$/i, 'must look like 512m or 2g');

/** Limits a job gets when it sets none. */
const JobDefaultsSchema = z.strictObject({
  cpus: z.number().positive().max(256).default(Math.min(2, cpus().length)),
  memory: Memory.default('2g'),
  pids: z.number().int().min(16).max(1_000_000).default(1024),
});

/** What jobs may ask for; a job outside it is refused with PERMISSION_DENIED naming the rule. */
const JobPolicySchema = z.strictObject({
  images: z
    .strictObject({
      allow: z.array(z.string().min(1)).default([]).describe('Image globs jobs may use (* any text); empty: any image.'),
      deny: z.array(z.string().min(1)).default([]).describe('Image globs jobs may not use; wins over allow.'),
    })
    .default({ allow: [], deny: [] }),
  max_cpus: z.number().positive().max(256).optional(),
  max_memory: Memory.optional(),
  max_pids: z.number().int().min(16).max(1_000_000).optional(),
  max_timeout: z.number().int().min(10).max(86_400).optional().describe('Longest job, in seconds.'),
  networks: z.array(z.enum(['bridge', 'none'])).min(1).default(['bridge', 'none']),
  extra_capabilities: z.array(Capability).default([]).describe('Capabilities a job may add with its capabilities field.'),
});

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
  capabilities: z.array(Capability).default([...DEFAULT_JOB_CAPABILITIES]).describe('Capabilities every job keeps; all others are dropped.'),
  defaults: JobDefaultsSchema.default(JobDefaultsSchema.parse({})),
  policy: JobPolicySchema.default(JobPolicySchema.parse({})),
});

export type JobsOptions = z.output<typeof JobsOptionsSchema>;

/** The options' `capabilities`, `defaults` and `policy`, as the engine applies them. */
export function jobSecurity(options: JobsOptions): JobSecurity {
  const { policy } = options;
  return {
    capabilities: options.capabilities,
    defaults: options.defaults,
    policy: {
      images: policy.images,
      networks: policy.networks,
      extraCapabilities: policy.extra_capabilities,
      ...(policy.max_cpus === undefined ? {} : { maxCpus: policy.max_cpus }),
      ...(policy.max_memory === undefined ? {} : { maxMemory: policy.max_memory }),
      ...(policy.max_pids === undefined ? {} : { maxPids: policy.max_pids }),
      ...(policy.max_timeout === undefined ? {} : { maxTimeout: policy.max_timeout }),
    },
  };
}

/** The confinement a job gets when the options say nothing. */
export const DEFAULT_JOB_SECURITY: JobSecurity = jobSecurity(JobsOptionsSchema.parse({}));
