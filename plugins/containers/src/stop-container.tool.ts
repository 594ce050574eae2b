import { z } from 'zod';
import { defineTool, type DockerService } from '@orcaops/plugin-api';
import { StopContainerOutput } from '@orcaops/contracts';
import { ContainerRef, engineRef, isActive, shortId } from './container-views.js';

/** `orcaops_stop_container`: SIGTERM, a grace period, then SIGKILL; stopping a stopped container succeeds. */
export function createStopContainerTool(docker: DockerService) {
  return defineTool({
    name: 'orcaops_stop_container',
    title: 'Stop a container',
    category: 'containers',
    http: { method: 'POST', path: '/containers/{container_id}/stop' },
    description:
      'Stops any container (SIGTERM, then a kill after timeout seconds) and keeps it. For an OrcaOps job use orcaops_cancel_job.',
    input: z.object({
      container_id: ContainerRef,
      timeout: z.number().int().min(0).max(600).default(10),
    }),
    output: StopContainerOutput,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: async ({ container_id, timeout }, ctx) => {
      const before = await docker.inspectContainer(engineRef(container_id), { signal: ctx.signal });
      const wasRunning = isActive(before.state);
      // Asked of the engine even when it looked stopped: it may have started since, and stopping a stopped one is a no-op.
      await docker.stopContainer(before.id, { timeoutSeconds: timeout, signal: ctx.signal });
      const after = await docker.inspectContainer(before.id, { signal: ctx.signal });
      return {
        id: shortId(before.id),
        name: before.name,
        was_running: wasRunning,
        previous_state: before.state,
        state: after.state,
        exit_code: after.exitCode,
      };
    },
  });
}
