import { z } from 'zod';
import { NameInput, PathInput, ProcessTextInput } from '@orcaops/plugin-api';

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

/**
 * Most labels a job may carry, and most UTF-8 bytes of their keys and values together: every view of the job
 * shows them, and a job whose views cannot fit a reply would run while its caller only got an error.
 */
export const MAX_JOB_LABELS = 100;
export const MAX_JOB_LABEL_BYTES = 8192;

/** Why a job's labels are too many or too large, or null when they fit. */
export function labelsProblem(labels: Readonly<Record<string, string>>): string | null {
  const entries = Object.entries(labels);
  if (entries.length > MAX_JOB_LABELS) return `at most ${MAX_JOB_LABELS} labels (there are ${entries.length})`;
  const bytes = entries.reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  return bytes > MAX_JOB_LABEL_BYTES ? `labels may take at most ${MAX_JOB_LABEL_BYTES} bytes in all, keys and values (these take ${bytes})` : null;
}

/** One step: a shell command run with `sh -c`, optionally in another directory and with its own time limit. */
export const JobStepSchema = z.union(
  [
    ProcessTextInput.min(1).max(65_536),
    z.strictObject({
      command: ProcessTextInput.min(1).max(65_536),
      cwd: PathInput.optional(),
      timeout_seconds: z.number().int().min(1).max(86_400).optional(),
      continue_on_error: z.boolean().optional(),
    }),
  ],
  { error: formIssue('a step is a command string or an object { command, cwd?, timeout_seconds?, continue_on_error? }') },
);

type UnionIssue = { readonly input?: unknown; readonly errors?: ReadonlyArray<ReadonlyArray<{ readonly path: PropertyKey[]; readonly message: string }>> };

/**
 * The error of a string-or-object union from the form the caller chose, not just "Invalid input"; `fallback` when
 * the input is neither.
 */
function formIssue(fallback: string): (issue: UnionIssue) => string {
  return (issue) => {
    const form = typeof issue.input === 'string' ? 0 : typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input) ? 1 : -1;
    const inner = form >= 0 ? issue.errors?.[form]?.[0] : undefined;
    if (!inner) return fallback;
    return inner.path.length > 0 ? `${inner.path.map(String).join('.')}: ${inner.message}` : inner.message;
  };
}

/**
 * `{ secret: "env:NAME" | "file:/path" | "NAME" }`: an env value looked up when the container is created (the
 * server's environment, a file under the allowed roots, or a secret set with `orcaops secrets set`).
 */
export const SecretRefSchema = z.strictObject({
  secret: z
    .string()
    .regex(/^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:\/[^\0]{1,4095}|[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/, 'must be env:NAME, file:/absolute/path or the name of a stored secret'),
});

/** A small file written into the container before the commands run. */
export const InlineFileSchema = z.strictObject({
  path: PathInput,
  content: z.string().max(1_048_576),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  mode: z.number().int().min(0).max(0o777).optional(),
});

/** A host directory copied (never bind-mounted) into the container before the commands run. */
export const HostDirectoryInputSchema = z.strictObject({
  source: PathInput.describe('Host directory to copy in (under an allowed root).'),
  target: PathInput.default('.').describe('Where in the container.'),
  exclude: z.array(NameInput).max(100).default(['.git', 'node_modules']),
});

/** Everything needed to run a job. Field names follow the specification's `run_job` parameters. */
export const JobSpecSchema = z.strictObject({
  image: z.string().regex(IMAGE_REF_PATTERN, 'must be an image reference such as alpine:3.20 or registry.local/team/app@sha256:…'),
  commands: z.array(JobStepSchema).min(1).max(100),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name'), z.union([ProcessTextInput, SecretRefSchema], { error: formIssue('an env value is a string or {"secret": "env:NAME" | "file:/path" | "NAME"}') }))
    .default({}),
  workdir: PathInput.default('/workspace'),
  artifacts: z.array(PathInput).max(100).default([]).describe('Paths or globs to collect.'),
  timeout: z.number().int().min(10).max(86_400).default(300),
  job_id: z.string().regex(JOB_ID_PATTERN, 'must start with a letter or digit, then letters, digits, _ or -, at most 128').optional(),
  labels: z
    .record(z.string().min(1).max(128), z.string().max(1024))
    .check((ctx) => {
      const issue = labelsProblem(ctx.value);
      if (issue) ctx.issues.push({ code: 'custom', input: ctx.value, message: issue });
    })
    .default({}),
  cpus: z.number().positive().max(256).optional(),
  memory: z.string().regex(/^\d+(\.\d+)?[kmg]?b?$/i, 'must look like 512m or 2g').optional().describe('e.g. 512m.'),
  pids: z.number().int().min(16).max(1_000_000).optional(),
  network: z.enum(['bridge', 'none']).default('bridge'),
  capabilities: z
    .array(z.string().regex(/^[A-Z][A-Z_]{1,31}$/, 'must be a Linux capability name such as NET_RAW'))
    .max(41)
    .default([])
    .describe('e.g. NET_RAW, if the configuration allows it.'),
  user: z
    .string()
    .regex(/^\d{1,10}(:\d{1,10})?$/, 'must be a numeric uid or uid:gid, e.g. 1000 or 1000:1000')
    .optional()
    .describe('uid[:gid], e.g. 1000.'),
  read_only: z.boolean().default(false).describe('Read-only root; workdir and /tmp stay writable.'),
  inputs: z
    .strictObject({
      files: z.array(InlineFileSchema).max(100).default([]),
      directories: z.array(HostDirectoryInputSchema).max(10).default([]),
    })
    .default({ files: [], directories: [] }),
  keep_container: z.boolean().default(false),
});

/** A validated job spec. */
export type JobSpec = z.output<typeof JobSpecSchema>;
/** A job spec as callers write it (defaults optional). */
export type JobSpecInput = z.input<typeof JobSpecSchema>;
