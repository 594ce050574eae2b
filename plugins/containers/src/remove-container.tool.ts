import { z } from 'zod';
import { LABELS, OrcaError, defineTool, isOrcaError, type DockerService } from '@orcaops/plugin-api';
import { RemoveContainerOutput, isFinalStatus, type RunStore } from '@orcaops/contracts';
import { ContainerRef, engineRef, isActive, shortId } from './container-views.js';

/**
 * `orcaops_remove_container`: deletes a container; a running one only with force. The container of a job that has
 * not ended (in `runs`) is refused even with force: its job still reads it (artifacts, recovery), and removing it
 * would leave the job's record wrong; cancelling the job stops it and removes the container consistently.
 */
export function createRemoveContainerTool(docker: DockerService, runs?: RunStore) {
  return defineTool({
    name: 'orcaops_remove_container',
    title: 'Remove a container',
    category: 'containers',
    http: { method: 'DELETE', path: '/containers/{container_id}' },
    description:
      'Deletes any container for good; force=true kills a running one. For an OrcaOps job use orcaops_cancel_job; for many, ' +
      'orcaops_cleanup_containers.',
    input: z.object({
      container_id: ContainerRef,
      force: z.boolean().default(false),
      volumes: z.boolean().default(false),
    }),
    output: RemoveContainerOutput,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ container_id, force, volumes }, ctx) => {
      const container = await docker.inspectContainer(engineRef(container_id), { signal: ctx.signal });
      const jobId = container.labels[LABELS.job];
      const job = jobId && runs ? await runs.get(jobId) : null;
      if (jobId && job && !isFinalStatus(job.status)) {
        throw new OrcaError('CONFLICT', `Container ${container.name} belongs to job ${jobId}, which is ${job.status}.`, {
          suggestion: `Cancel the job with orcaops_cancel_job (job_id "${jobId}"): it stops and removes the container and records the job as cancelled.`,
          details: { job_id: jobId, status: job.status },
        });
      }
      const running = isActive(container.state);
      if (running && !force) throw refusedRunning(container.name, container.state);
      try {
        await docker.removeContainer(container.id, { force, volumes, signal: ctx.signal });
      } catch (error) {
        // Started again since it was inspected: the engine refuses the same way.
        if (isOrcaError(error) && error.code === 'CONFLICT' && /running|paused|stop/i.test(error.message)) throw refusedRunning(container.name, 'running', error);
        throw error;
      }
      return { id: shortId(container.id), name: container.name, removed: true, was_running: running, previous_state: container.state, volumes_removed: volumes };
    },
  });
}

function refusedRunning(name: string, state: string, cause?: unknown): OrcaError {
  return new OrcaError('REMOVE_FAILED', `Container ${name} is ${state}; a running container is only removed with force=true.`, {
    suggestion: `Stop it first with orcaops_stop_container (container_id "${name}"), then remove it; or call orcaops_remove_container again with force=true to kill and remove it.`,
    details: { state },
    ...(cause === undefined ? {} : { cause }),
  });
}
