import { z } from 'zod';
import { defineTool } from '@orcaops/plugin-api';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';

export function createExecInSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_exec_in_sandbox',
    title: 'Run a command in a sandbox service',
    category: 'sandboxes',
    description:
      "Runs a command in a running service container of a sandbox, e.g. a database query or a smoke test against the app, and " +
      'returns its exit code and output (stdout and stderr apart, the newest max_bytes of each). The command is an argv array ' +
      'run without a shell; use ["sh", "-c", "..."] when you need one. A non-zero exit code is a result, not an error.',
    input: z.object({
      name: SandboxNameSchema,
      service: z.string().min(1).describe('Service name (see orcaops_get_sandbox).'),
      command: z.array(z.string()).min(1).describe('argv, e.g. ["psql", "-U", "app", "-c", "select 1"].'),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
      workdir: z.string().startsWith('/').optional().describe('Absolute working directory in the container.'),
      user: z.string().min(1).optional(),
      index: z.number().int().min(1).default(1).describe('Which container of a scaled service.'),
      timeout: z.number().int().min(1).max(3600).default(60).describe('Seconds before the command is killed with its child processes (TIMEOUT).'),
      max_bytes: z.number().int().min(1).max(1024 * 1024).default(64 * 1024).describe('Output kept per stream.'),
    }),
    output: z.object({
      container: z.string(),
      exit_code: z.number(),
      stdout: z.string(),
      stderr: z.string(),
      truncated: z.boolean().describe('Older output was dropped to stay within max_bytes.'),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ name, service, command, env, workdir, user, index, timeout, max_bytes }, ctx) => {
      const result = await sandboxes.exec(
        name,
        { service, command, index, timeoutMs: timeout * 1000, maxBytes: max_bytes, ...(env ? { env } : {}), ...(workdir ? { workdir } : {}), ...(user ? { user } : {}) },
        ctx.signal,
      );
      return { container: result.container, exit_code: result.exitCode, stdout: result.stdout, stderr: result.stderr, truncated: result.truncated };
    },
  });
}
