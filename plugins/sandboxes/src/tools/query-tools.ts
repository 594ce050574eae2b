import { z } from 'zod';
import { defineTool, fitItems, replyRoom } from '@orcaops/plugin-api';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';
import { ListSandboxesOutput } from '@orcaops/contracts';
import { toEntryOutput, toViewOutput } from './sandbox-schemas.js';
import { FittedSandboxViewSchema, fitSandboxView } from './sandbox-view-fit.js';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
/** Sandboxes on one orcaops_list_sandboxes page unless the caller asks otherwise, and at most. */
const SANDBOX_PAGE_DEFAULT = 200;
const SANDBOX_PAGE_MAX = 1000;

export function createListSandboxesTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_list_sandboxes',
    title: 'List sandboxes',
    category: 'sandboxes',
    http: { method: 'GET', path: '/sandboxes' },
    description: 'Lists registered sandboxes with their state. Services and ports of one: orcaops_get_sandbox.',
    input: z.object({
      validate: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(SANDBOX_PAGE_MAX).default(SANDBOX_PAGE_DEFAULT),
    }),
    output: ListSandboxesOutput,
    annotations: READ_ONLY,
    presentation: { listField: 'sandboxes', columns: ['name', 'template', 'status', 'running', 'directory'] },
    run: async ({ validate, offset, limit }, ctx) => {
      const { sandboxes: list, engineError } = await sandboxes.list(ctx.signal);
      // Only the sandboxes that can land on the page are validated; the budget may still end the page earlier.
      const rows = await Promise.all(
        list.slice(offset, offset + limit).map(async (item) => ({
          ...toEntryOutput(item),
          status: item.state,
          running: item.running,
          containers: item.containers,
          ...(validate ? { problems: await sandboxes.problems(item, ctx.signal) } : {}),
        })),
      );
      const build = (kept: readonly (typeof rows)[number][]) => ({
        sandboxes: [...kept],
        count: kept.length,
        total: list.length,
        next_offset: offset + kept.length < list.length ? offset + kept.length : null,
        engine_error: engineError,
      });
      return fitItems(rows, replyRoom(ctx.reply), build, Math.min(1, rows.length)).reply;
    },
  });
}

export function createGetSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_get_sandbox',
    title: 'Get a sandbox',
    category: 'sandboxes',
    http: { method: 'GET', path: '/sandboxes/{name}' },
    description: 'Shows a sandbox: its state, services with their containers, and the host:port endpoints to connect to.',
    input: z.object({ name: SandboxNameSchema }),
    output: FittedSandboxViewSchema,
    annotations: READ_ONLY,
    presentation: { listField: 'services', columns: ['name', 'containers'] },
    run: async ({ name }, ctx) => {
      return fitSandboxView(toViewOutput(await sandboxes.get(name, ctx.signal)), replyRoom(ctx.reply));
    },
  });
}

