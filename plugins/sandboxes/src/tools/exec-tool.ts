import { z } from 'zod';
import { NameInput, OUTPUT_ENCODINGS, PathInput, ProcessTextInput, REPLY_HEADROOM_BYTES, defineTool, outputReadBytes, replyWireBytes } from '@orcaops/plugin-api';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';
import { fitExecOutput } from './fit-exec-output.js';

/** `max_bytes` default: a call that keeps it stays within the default reply budget. */
const DEFAULT_EXEC_MAX_BYTES = 64 * 1024;

const DroppedSchema = z.object({ stdout: z.number(), stderr: z.number() });

export function createExecInSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_exec_in_sandbox',
    title: 'Run a command in a sandbox service',
    category: 'sandboxes',
    http: { method: 'POST', path: '/sandboxes/{name}/exec', waitField: 'timeout' },
    description:
      'Runs a command (argv, no shell) in a running sandbox service, e.g. a database query; returns exit code, stdout and ' +
      'stderr. A non-zero exit code is a result, not an error.',
    input: z.object({
      name: SandboxNameSchema,
      service: NameInput,
      command: z.array(ProcessTextInput).min(1),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), ProcessTextInput).optional(),
      workdir: PathInput.startsWith('/').optional(),
      user: NameInput.optional(),
      index: z.number().int().min(1).default(1),
      timeout: z.number().int().min(1).max(3600).default(60),
      max_bytes: z
        .number()
        .int()
        .min(1)
        .max(1024 * 1024)
        .default(DEFAULT_EXEC_MAX_BYTES),
      encoding: z.enum(OUTPUT_ENCODINGS).default('text'),
    }),
    output: z.object({
      container: z.string(),
      exit_code: z.number(),
      stdout: z.string().describe('The newest stdout, as encoding says.'),
      stderr: z.string().describe('The newest stderr, as encoding says.'),
      encoding: z.enum(OUTPUT_ENCODINGS),
      replaced: z.number().describe('Escape sequences removed and characters shown as U+FFFD in both texts (0: they are exactly the bytes; always 0 for base64).'),
      truncated: z.boolean().describe('Older output was left out to stay within max_bytes or the reply budget.'),
      dropped_bytes: DroppedSchema.describe('Bytes at the start of each stream that are not shown.'),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ name, service, command, env, workdir, user, index, timeout, max_bytes, encoding }, ctx) => {
      const result = await sandboxes.exec(
        name,
        {
          service,
          command,
          index,
          timeoutMs: timeout * 1000,
          maxBytes: outputReadBytes({ encoding, maxBytes: max_bytes }),
          ...(env ? { env } : {}),
          ...(workdir ? { workdir } : {}),
          ...(user ? { user } : {}),
        },
        ctx.signal,
      );
      const big = Number.MAX_SAFE_INTEGER;
      const build = (stdout: string, stderr: string, counts = { replaced: big, truncated: false, dropped_bytes: { stdout: big, stderr: big } }) => ({
        container: result.container,
        exit_code: result.exitCode,
        stdout,
        stderr,
        encoding,
        ...counts,
      });
      const overhead = replyWireBytes(build('', ''));
      // Both streams at max_bytes, in both copies of the reply; the default stays within the default budget.
      if (max_bytes > DEFAULT_EXEC_MAX_BYTES) ctx.reply.raise(2 * 2 * max_bytes + overhead + REPLY_HEADROOM_BYTES);
      const { stdout, stderr } = fitExecOutput(result, { encoding, maxBytes: max_bytes, roomBytes: Math.max(0, ctx.reply.limit - REPLY_HEADROOM_BYTES - overhead) });
      return build(stdout.text, stderr.text, {
        replaced: stdout.replaced + stderr.replaced,
        truncated: stdout.dropped > 0 || stderr.dropped > 0,
        dropped_bytes: { stdout: stdout.dropped, stderr: stderr.dropped },
      });
    },
  });
}
