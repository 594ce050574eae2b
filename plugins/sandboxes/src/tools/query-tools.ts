import { z } from 'zod';
import { defineTool } from '@orcaops/plugin-api';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';
import { SandboxEntrySchema, SandboxStateSchema, SandboxViewSchema, toEntryOutput, toViewOutput } from './sandbox-schemas.js';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

export function createListSandboxesTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_list_sandboxes',
    title: 'List sandboxes',
    category: 'sandboxes',
    description:
      'Lists registered sandboxes with their state from the engine (stopped, starting, running, unhealthy, partial, exited) and ' +
      'container counts. validate=true also re-checks each directory and compose file with compose and reports problems. Use ' +
      'orcaops_get_sandbox for services and published ports.',
    input: z.object({ validate: z.boolean().default(false).describe("Re-check each sandbox's directory and compose file (slower).") }),
    output: z.object({
      sandboxes: z.array(
        SandboxEntrySchema.extend({
          status: z.union([SandboxStateSchema, z.literal('unknown')]).describe('unknown when the engine could not be asked.'),
          running: z.number().describe('Running containers.'),
          containers: z.number(),
          problems: z.array(z.string()).optional().describe('With validate: what is wrong with the directory or compose file.'),
        }),
      ),
      count: z.number(),
      engine_error: z.string().nullable().describe('Why states are unknown, when the engine could not be asked.'),
    }),
    annotations: READ_ONLY,
    presentation: { listField: 'sandboxes', columns: ['name', 'template', 'status', 'running', 'directory'] },
    run: async ({ validate }, ctx) => {
      const { sandboxes: list, engineError } = await sandboxes.list(ctx.signal);
      const rows = await Promise.all(
        list.map(async (item) => ({
          ...toEntryOutput(item),
          status: item.state,
          running: item.running,
          containers: item.containers,
          ...(validate ? { problems: await sandboxes.problems(item, ctx.signal) } : {}),
        })),
      );
      return { sandboxes: rows, count: rows.length, engine_error: engineError };
    },
  });
}

export function createGetSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_get_sandbox',
    title: 'Get a sandbox',
    category: 'sandboxes',
    description:
      'Shows a sandbox: its directory and template, overall state, every service with its containers (state, health, ports) and ' +
      'the endpoints reachable from this machine (host:port). Services declared but not created yet have no containers.',
    input: z.object({ name: SandboxNameSchema }),
    output: SandboxViewSchema,
    annotations: READ_ONLY,
    presentation: { listField: 'services', columns: ['name', 'containers'] },
    run: async ({ name }, ctx) => {
      return toViewOutput(await sandboxes.get(name, ctx.signal));
    },
  });
}

