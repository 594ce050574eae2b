import { z } from 'zod';

/** Job ids: a letter or digit, then letters, digits, `_`, `-`; at most 128 characters (the specification's rule). */
export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Image references: at most 256 characters of `[a-zA-Z0-9._-/:@]`, starting with a letter or digit. */
export const IMAGE_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]{0,255}$/;

/** Job lifecycle states. `queued` and `running` are live; the others are final. */
export const JOB_STATUSES = ['queued', 'running', 'success', 'failed', 'timed_out', 'cancelled'] as const;

/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** True for a status a job never leaves. */
export function isFinalStatus(status: JobStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/** One step: a shell command run with `sh -c`, optionally in another directory and with its own time limit. */
export const JobStepSchema = z.union([
  z.string().min(1).max(65_536),
  z.strictObject({
    command: z.string().min(1).max(65_536),
    cwd: z.string().min(1).max(4096).optional(),
    timeout_seconds: z.number().int().min(1).max(86_400).optional(),
    continue_on_error: z.boolean().optional().describe('Run the next step even if this one fails.'),
  }),
]);

/** A small file written into the container before the commands run. */
export const InlineFileSchema = z.strictObject({
  path: z.string().min(1).max(4096).describe('Path inside the container; relative paths are under workdir.'),
  content: z.string().max(1_048_576),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  mode: z.number().int().min(0).max(0o777).optional(),
});

/** A host directory copied (never bind-mounted) into the container before the commands run. */
export const HostDirectoryInputSchema = z.strictObject({
  source: z.string().min(1).max(4096).describe('Host directory; must be inside a directory the configuration allows.'),
  target: z.string().min(1).max(4096).default('.').describe('Where to copy it inside the container; relative paths are under workdir.'),
  exclude: z.array(z.string().min(1)).max(100).default(['.git', 'node_modules']).describe('Names skipped at any depth.'),
});

/** Everything needed to run a job. Field names follow the specification's `run_job` parameters. */
export const JobSpecSchema = z.strictObject({
  image: z.string().regex(IMAGE_REF_PATTERN, 'must be an image reference such as alpine:3.20 or registry.local/team/app@sha256:…'),
  commands: z.array(JobStepSchema).min(1).max(100),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name'), z.string()).default({}),
  workdir: z.string().min(1).max(4096).default('/workspace'),
  artifacts: z.array(z.string().min(1).max(4096)).max(100).default([]).describe('Paths or globs inside the container to collect after the commands.'),
  timeout: z.number().int().min(10).max(86_400).default(300).describe('Seconds the whole job may take (its TTL).'),
  job_id: z.string().regex(JOB_ID_PATTERN, 'must start with a letter or digit, then letters, digits, _ or -, at most 128').optional(),
  labels: z.record(z.string().min(1).max(128), z.string().max(1024)).default({}),
  cpus: z.number().positive().max(256).optional(),
  memory: z.string().regex(/^\d+(\.\d+)?[kmg]?b?$/i, 'must look like 512m or 2g').optional(),
  pids: z.number().int().min(16).max(1_000_000).optional(),
  network: z.enum(['bridge', 'none']).default('bridge'),
  inputs: z
    .strictObject({
      files: z.array(InlineFileSchema).max(100).default([]),
      directories: z.array(HostDirectoryInputSchema).max(10).default([]),
    })
    .default({ files: [], directories: [] }),
  keep_container: z.boolean().default(false).describe('Keep the container after the job for debugging.'),
});

/** A validated job spec. */
export type JobSpec = z.output<typeof JobSpecSchema>;
/** A job spec as callers write it (defaults optional). */
export type JobSpecInput = z.input<typeof JobSpecSchema>;
