import { z } from 'zod';
import { LABELS, defineTool, isFinalStatus, isOrcaError, type ContainerSummary, type DockerService, type RunStore } from '@orcaops/plugin-api';

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
    description:
      'Removes stopped (created, exited or dead) containers that OrcaOps created, found by the org.orcaops.managed label. ' +
      'Running containers are never touched. Use dry_run=true first to see what would be removed. Containers OrcaOps did ' +
      'not create are only removed with include_unmanaged=true. Narrow the sweep with labels (all must match). ' +
      'The container of a job that has not ended yet (e.g. still collecting its artifacts) is kept and listed in skipped. ' +
      'Returns the matched containers, the ids removed, those skipped and any that failed.',
    input: z.object({
      dry_run: z.boolean().default(false).describe('List what would be removed without removing anything.'),
      include_unmanaged: z.boolean().default(false).describe('Also remove stopped containers that OrcaOps did not create.'),
      labels: z.record(z.string(), z.string()).optional().describe('Only containers carrying all of these labels (key: value).'),
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
      return { dry_run, scope: include_unmanaged ? ('all' as const) : ('managed' as const), containers: matched.map(toRow), removed, skipped, failed };
    },
  });
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
