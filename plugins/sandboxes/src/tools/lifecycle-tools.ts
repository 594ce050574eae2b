import { z } from 'zod';
import { defineTool, replyRoom, type ToolContext } from '@orcaops/plugin-api';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';
import { StopSandboxOutput } from '@orcaops/contracts';
import { SandboxEntrySchema, toEntryOutput, toViewOutput } from './sandbox-schemas.js';
import { FittedSandboxViewSchema, fitSandboxView } from './sandbox-view-fit.js';

/** Compose and wait messages as progress notifications, numbered so that progress always increases. */
function progressReporter(ctx: ToolContext) {
  let step = 0;
  return { signal: ctx.signal, report: (message: string) => ctx.progress({ progress: ++step, message }) };
}

export function createStartSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_start_sandbox',
    title: 'Start a sandbox',
    category: 'sandboxes',
    http: { method: 'POST', path: '/sandboxes/{name}/start', waitField: 'wait_timeout' },
    description:
      'Starts a sandbox (compose up), waits until its services are healthy and returns the endpoints to connect to.',
    input: z.object({
      name: SandboxNameSchema,
      wait: z.enum(['healthy', 'running', 'none']).default('healthy'),
      wait_timeout: z.number().int().min(1).max(3600).default(180),
    }),
    output: FittedSandboxViewSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    presentation: { listField: 'services', columns: ['name', 'containers'] },
    run: async ({ name, wait, wait_timeout }, ctx) => {
      const view = await sandboxes.start(name, { until: wait, timeoutMs: wait_timeout * 1000 }, progressReporter(ctx));
      return fitSandboxView(toViewOutput(view), replyRoom(ctx.reply));
    },
  });
}

export function createStopSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_stop_sandbox',
    title: 'Stop a sandbox',
    category: 'sandboxes',
    http: { method: 'POST', path: '/sandboxes/{name}/stop' },
    description:
      'Stops a sandbox (compose down): removes its containers; volumes are kept unless volumes=true. It stays registered.',
    input: z.object({
      name: SandboxNameSchema,
      volumes: z.boolean().default(false),
      timeout: z.number().int().min(0).max(600).default(10),
    }),
    output: StopSandboxOutput,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: async ({ name, volumes, timeout }, ctx) => {
      const { entry, removed } = await sandboxes.stop(name, { volumes, timeoutSeconds: timeout }, progressReporter(ctx));
      return { sandbox: toEntryOutput(entry), containers_removed: removed, volumes_removed: volumes };
    },
  });
}

export function createRemoveSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_remove_sandbox',
    title: 'Unregister a sandbox',
    category: 'sandboxes',
    http: { method: 'DELETE', path: '/sandboxes/{name}' },
    description: 'Unregisters a stopped sandbox (stop it first with orcaops_stop_sandbox); its files are kept.',
    input: z.object({ name: SandboxNameSchema }),
    output: z.object({ sandbox: SandboxEntrySchema }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ name }) => ({ sandbox: toEntryOutput(await sandboxes.unregister(name)) }),
  });
}
