import { z } from 'zod';
import { LABELS, defineTool, fitPage, isOrcaError, replyRoom, type ContainerStats, type DockerService } from '@orcaops/plugin-api';
import { ContainerStatsOutput, ContainerStatsRow } from '@orcaops/contracts';
import { ContainerRef, engineRef, shortId } from './container-views.js';
import { mapBounded } from './map-bounded.js';

/** Containers read per call: each reading takes the engine about a second, so a page is bounded by count as well as bytes. */
export const STATS_PAGE = 50;
/** Readings in flight at once. */
const PARALLEL_READS = 8;

/** `orcaops_get_container_stats`: CPU, memory, processes and network of running containers, as `docker stats` shows them. */
export function createGetContainerStatsTool(docker: DockerService) {
  return defineTool({
    name: 'orcaops_get_container_stats',
    title: 'Container stats',
    category: 'containers',
    http: { method: 'GET', path: '/containers/stats' },
    description: 'CPU % (of one CPU), memory, pids and network of running containers (or those named), like docker stats. 50 per call; page with offset.',
    input: z.object({
      containers: z.array(ContainerRef).min(1).max(STATS_PAGE).optional(),
      managed_only: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
    }),
    output: ContainerStatsOutput,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    presentation: { listField: 'containers', columns: ['id', 'name', 'cpu_percent', 'memory_bytes', 'memory_percent', 'pids'] },
    run: async ({ containers, managed_only, offset }, ctx) => {
      const refs = containers
        ? [...new Set(containers.map(engineRef))]
        : (await docker.listContainers(managed_only ? { labels: { [LABELS.managed]: 'true' } } : {}, { signal: ctx.signal })).map((container) => container.id);
      const page = refs.slice(offset, offset + STATS_PAGE);
      const readings = await mapBounded(page, PARALLEL_READS, (ref) => readOne(docker, ref, ctx.signal));
      // Where each reading sits in `refs`, so that a page a small reply budget cuts short resumes at the right one.
      const read = readings.flatMap((row, index) => (row === null ? [] : [{ row, at: offset + index }]));
      const end = offset + page.length < refs.length ? offset + page.length : null;
      return fitPage(read, { offset: 0, limit: read.length }, replyRoom(ctx.reply), (kept, cut) => {
        const next_offset = cut === null ? end : read[cut]!.at;
        return { containers: kept.map((entry) => entry.row), total: refs.length, next_offset, truncated: next_offset !== null };
      }).reply;
    },
  });
}

/** One reading; a container removed since it was listed (or named but absent) is left out rather than failing the call. */
async function readOne(docker: DockerService, ref: string, signal: AbortSignal): Promise<z.infer<typeof ContainerStatsRow> | null> {
  try {
    return toRow(await docker.containerStats(ref, { signal }));
  } catch (error) {
    if (isOrcaError(error) && error.code === 'CONTAINER_NOT_FOUND') return null;
    throw error;
  }
}

function toRow(stats: ContainerStats): z.infer<typeof ContainerStatsRow> {
  return {
    id: shortId(stats.id),
    name: stats.name,
    cpu_percent: stats.cpuPercent,
    memory_bytes: stats.memoryBytes,
    memory_limit_bytes: stats.memoryLimitBytes,
    memory_percent: stats.memoryLimitBytes > 0 ? Math.round((stats.memoryBytes / stats.memoryLimitBytes) * 10_000) / 100 : 0,
    pids: stats.pids,
    network_rx_bytes: stats.networkRxBytes,
    network_tx_bytes: stats.networkTxBytes,
  };
}

