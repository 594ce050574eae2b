import { z } from 'zod';
import { LABELS, defineTool, fitItems, isOrcaError, replyRoom, type ContainerSummary, type DockerService } from '@orcaops/plugin-api';
import { isFinalStatus, type RunStore } from '@orcaops/contracts';

/** States in which a container is not running and may be removed without interrupting anything. */
const STOPPED_STATES = ['created', 'exited', 'dead'] as const;

const ContainerRow = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.string(),
  status: z.string(),
  created_at: z.string(),
  managed: z.boolean().describe('Created by OrcaOps (carries the org.orcaops.managed label).'),
});

/**
 * `orcaops_cleanup_containers`: removes stopped containers, by default only those OrcaOps created. A job's
 * container stays as long as the job is not over in the run store (`runs`): after its commands it is stopped but
 * still needed, to copy the artifacts out, and a job left by a process that died is finished from it later.
 */
export function createCleanupContainersTool(docker: DockerService, runs?: RunStore) {
  return defineTool({
    name: 'orcaops_cleanup_containers',
    title: 'Clean up stopped containers',
    category: 'system',
    http: { method: 'POST', path: '/containers/cleanup' },
    description:
      'Removes stopped containers OrcaOps created (others only with include_unmanaged); running ones and those of unfinished ' +
      'jobs are kept.',
    input: z.object({
      dry_run: z.boolean().default(false),
      include_unmanaged: z.boolean().default(false),
      labels: z.record(z.string(), z.string()).optional().describe('All must match.'),
    }),
    output: z.object({
      dry_run: z.boolean(),
      scope: z.enum(['managed', 'all']),
      containers: z.array(ContainerRow).describe('Stopped containers that matched.'),
      removed: z.array(z.string()).describe('Ids removed (empty in a dry run).'),
      skipped: z
        .array(z.object({ id: z.string(), job_id: z.string(), status: z.string() }))
        .describe('Containers kept because their job has not ended (its status is given); a dry run lists them too.'),
      failed: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })),
      counts: z
        .object({ matched: z.number(), removed: z.number(), skipped: z.number(), failed: z.number() })
        .describe('How many containers matched, were removed, skipped and failed, whatever the lists show.'),
      containers_omitted: z.number().describe('Matched containers left out of containers to keep the reply within its budget.'),
      removed_omitted: z.number(),
      skipped_omitted: z.number(),
      failed_omitted: z.number(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    presentation: { listField: 'containers', columns: ['name', 'image', 'state', 'status'] },
    run: async ({ dry_run, include_unmanaged, labels }, ctx) => {
      const matched = await docker.listContainers(
        { all: true, states: [...STOPPED_STATES], labels: { ...(include_unmanaged ? {} : { [LABELS.managed]: 'true' }), ...labels } },
        { signal: ctx.signal },
      );
      const removed: string[] = [];
      const failed: Array<{ id: string; code: string; message: string }> = [];
      const skipped: Array<{ id: string; job_id: string; status: string }> = [];
      const live = async (container: ContainerSummary) => {
        const jobId = container.labels[LABELS.job];
        const record = jobId && runs ? await runs.get(jobId) : null;
        if (!jobId || !record || isFinalStatus(record.status)) return false;
        skipped.push({ id: container.id, job_id: jobId, status: record.status });
        return true;
      };
      if (dry_run) for (const container of matched) await live(container);
      else {
        for (const [index, container] of matched.entries()) {
          if (ctx.signal.aborted) break;
          // Asked just before removing: a job that started collecting during the sweep is still seen as live.
          if (await live(container)) continue;
          try {
            await docker.removeContainer(container.id, { signal: ctx.signal });
            removed.push(container.id);
          } catch (error) {
            failed.push({ id: container.id, code: isOrcaError(error) ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
          }
          ctx.progress({ progress: index + 1, total: matched.length, message: `removed ${container.name}` });
        }
      }
      return fitOutcome(
        { dry_run, scope: include_unmanaged ? ('all' as const) : ('managed' as const) },
        { failed, skipped, removed, containers: matched.map(toRow) },
        replyRoom(ctx.reply),
      );
    },
  });
}

interface SweepLists {
  readonly failed: ReadonlyArray<{ id: string; code: string; message: string }>;
  readonly skipped: ReadonlyArray<{ id: string; job_id: string; status: string }>;
  readonly removed: readonly string[];
  readonly containers: ReadonlyArray<z.infer<typeof ContainerRow>>;
}

/** The order in which the lists get the reply budget: what needs acting on first, the plain listing of matches last. */
const FIT_ORDER = ['failed', 'skipped', 'removed', 'containers'] as const;

/**
 * The sweep's reply within `room` bytes: counts in full, and each list as the longest prefix that still fits after
 * the lists before it in {@link FIT_ORDER}, with how many it left out.
 */
function fitOutcome<H extends object>(head: H, lists: SweepLists, room: number) {
  const kept = { failed: 0, skipped: 0, removed: 0, containers: 0 };
  const build = (counts: typeof kept) => ({
    ...head,
    containers: lists.containers.slice(0, counts.containers),
    removed: lists.removed.slice(0, counts.removed),
    skipped: lists.skipped.slice(0, counts.skipped),
    failed: lists.failed.slice(0, counts.failed),
    counts: { matched: lists.containers.length, removed: lists.removed.length, skipped: lists.skipped.length, failed: lists.failed.length },
    containers_omitted: lists.containers.length - counts.containers,
    removed_omitted: lists.removed.length - counts.removed,
    skipped_omitted: lists.skipped.length - counts.skipped,
    failed_omitted: lists.failed.length - counts.failed,
  });
  for (const key of FIT_ORDER) {
    const items: readonly unknown[] = lists[key];
    kept[key] = fitItems(items, room, (prefix) => build({ ...kept, [key]: prefix.length })).kept;
  }
  return build(kept);
}

function toRow(container: ContainerSummary): z.infer<typeof ContainerRow> {
  return {
    id: container.id,
    name: container.name,
    image: container.image,
    state: container.state,
    status: container.status,
    created_at: container.createdAt,
    managed: container.managed,
  };
}
