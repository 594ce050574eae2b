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
    description:
      'Lists registered sandboxes with their state from the engine (stopped, starting, running, unhealthy, partial, exited) and ' +
      'container counts, in registration order. validate=true also re-checks each listed directory and compose file with compose ' +
      `and reports problems. Paged: at most limit sandboxes (default ${SANDBOX_PAGE_DEFAULT}, up to ${SANDBOX_PAGE_MAX}) from offset, ` +
      'fewer when the reply budget ends the page first; total counts every registered sandbox; page on with offset = next_offset ' +
      '(null on the last page). Use orcaops_get_sandbox for services and published ports.',
    input: z.object({
      validate: z.boolean().default(false).describe("Re-check the directory and compose file of each sandbox on the page (slower)."),
      offset: z.number().int().min(0).default(0).describe('Sandboxes to pass over (next_offset of the previous page).'),
      limit: z.number().int().min(1).max(SANDBOX_PAGE_MAX).default(SANDBOX_PAGE_DEFAULT).describe('Most sandboxes on this page.'),
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
    description:
      'Shows a sandbox: its directory and template, overall state, every service with its containers (state, health, ports) and ' +
      'the endpoints reachable from this machine (host:port). Services declared but not created yet have no containers. A ' +
      'project scaled to more containers than the reply budget holds keeps every service, endpoints first and then containers in ' +
      'service order, and says in containers_omitted and endpoints_omitted what was left out (orcaops_list_containers with label ' +
      '"com.docker.compose.project=<project>" pages through them all).',
    input: z.object({ name: SandboxNameSchema }),
    output: FittedSandboxViewSchema,
    annotations: READ_ONLY,
    presentation: { listField: 'services', columns: ['name', 'containers'] },
    run: async ({ name }, ctx) => {
      return fitSandboxView(toViewOutput(await sandboxes.get(name, ctx.signal)), replyRoom(ctx.reply));
    },
  });
}

