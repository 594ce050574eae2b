import { z } from 'zod';
import { LABELS, OrcaError, defineTool, fitPage, replyRoom, type ContainerSummary, type DockerService } from '@orcaops/plugin-api';
import { ContainerRow, ListContainersOutput, formatPorts } from '@orcaops/contracts';
import { CONTAINER_STATES, shortId } from './container-views.js';

const LABEL_FILTER = /^[^=\s][^=]*(=.*)?$/;

/** A row of the list (declared in @orcaops/contracts). */
export { ContainerRow };

/** `orcaops_list_containers`: the containers on the engine, filtered. */
export function createListContainersTool(docker: DockerService) {
  return defineTool({
    name: 'orcaops_list_containers',
    title: 'List containers',
    category: 'containers',
    http: { method: 'GET', path: '/containers' },
    description:
      'Lists Docker containers, newest first: running ones unless all=true or status is given. Pass an id or name to the other ' +
      'container tools.',
    input: z.object({
      all: z.boolean().default(false),
      name: z
        .string()
        .min(1)
        .max(256)
        .regex(/^\/?[A-Za-z0-9_.-]+$/, 'Expected part of a container name (letters, digits, _ . -).')
        .optional(),
      label: z
        .array(z.string().min(1).max(512).regex(LABEL_FILTER, 'Expected "key" or "key=value".'))
        .max(20)
        .optional()
        .describe('key or key=value; all must match.'),
      status: z
        .array(z.enum(CONTAINER_STATES))
        .min(1)
        .optional(),
      managed_only: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: ListContainersOutput,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    presentation: { listField: 'containers', columns: ['id', 'name', 'image', 'state', 'status', 'ports'] },
    run: async ({ all, name, label, status, managed_only, offset, limit }, ctx) => {
      const labels = parseLabelFilters(label ?? []);
      if (managed_only) labels[LABELS.managed] = 'true';
      const nameFilter = name?.replace(/^\//, '');
      const matched = (
        await docker.listContainers(
          {
            all: all || status !== undefined,
            ...(status ? { states: status } : {}),
            ...(Object.keys(labels).length > 0 ? { labels } : {}),
            ...(nameFilter ? { name: nameFilter } : {}),
          },
          { signal: ctx.signal },
        )
      ).filter((container) => nameFilter === undefined || container.name.includes(nameFilter)); // the engine matches names as a regular expression
      return fitPage(matched.map(toRow), { offset, limit }, replyRoom(ctx.reply), (containers, next_offset) => ({
        containers,
        total: matched.length,
        next_offset,
        truncated: next_offset !== null,
      })).reply;
    },
  });
}

/** `["a", "b=1"]` → `{ a: true, b: "1" }`. A key given twice with different values can match nothing, so it is refused. */
export function parseLabelFilters(filters: readonly string[]): Record<string, string | true> {
  const labels: Record<string, string | true> = {};
  for (const filter of filters) {
    const at = filter.indexOf('=');
    const key = at < 0 ? filter : filter.slice(0, at);
    const value = at < 0 ? true : filter.slice(at + 1);
    const previous = labels[key];
    if (previous === undefined || previous === true) labels[key] = value;
    else if (value !== true && value !== previous) {
      throw new OrcaError('VALIDATION_ERROR', `label: "${key}" is given with two values ("${previous}" and "${value}"); no container can match both.`, {
        suggestion: 'Give each label key once.',
      });
    }
  }
  return labels;
}

function toRow(container: ContainerSummary): z.infer<typeof ContainerRow> {
  return {
    id: shortId(container.id),
    name: container.name,
    image: container.image,
    state: container.state,
    status: container.status,
    health: container.health ?? null,
    ports: formatPorts(container.ports ?? []),
    created_at: container.createdAt,
    managed: container.managed,
  };
}
