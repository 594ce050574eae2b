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
      "Starts a sandbox's services with compose (up --detach) and, by default, waits until every service is running and its " +
      'health check passes (a service without a passed health check must stay running for 1.5 s). Reports compose output as progress. Returns the sandbox as orcaops_get_sandbox does, with the ' +
      'endpoints to connect to. A service that exits fails the start with its log (START_FAILED); missing images fail in compose ' +
      '(START_FAILED with compose output).',
    input: z.object({
      name: SandboxNameSchema,
      wait: z.enum(['healthy', 'running', 'none']).default('healthy').describe('healthy: running and health checks passing; running; none: return after compose up.'),
      wait_timeout: z.number().int().min(1).max(3600).default(180).describe('Seconds to wait for the services.'),
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
      "Stops a sandbox with compose (down): removes its containers and networks. Its volumes (e.g. database data) are kept unless " +
      'volumes=true. The sandbox stays registered and can be started again. Stopping a stopped sandbox succeeds.',
    input: z.object({
      name: SandboxNameSchema,
      volumes: z.boolean().default(false).describe('Also delete the named volumes (their data is lost).'),
      timeout: z.number().int().min(0).max(600).default(10).describe('Seconds each container gets to stop before it is killed.'),
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
    description:
      'Removes a stopped sandbox from the registry. Its directory and files are kept (delete them yourself if wanted). Refuses ' +
      'while the sandbox has containers: stop it first with orcaops_stop_sandbox.',
    input: z.object({ name: SandboxNameSchema }),
    output: z.object({ sandbox: SandboxEntrySchema }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ name }) => ({ sandbox: toEntryOutput(await sandboxes.unregister(name)) }),
  });
}
