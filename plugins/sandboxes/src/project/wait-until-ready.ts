import { setTimeout as sleep } from 'node:timers/promises';
import { OrcaError, type DockerService } from '@orcaops/plugin-api';
import { ownContainers, sandboxStatus, type SandboxScope, type SandboxStatus, type ServiceContainer } from './sandbox-status.js';

export interface WaitRequest {
  readonly docker: DockerService;
  readonly scope: SandboxScope;
  readonly sandbox: string;
  /** Services that must have a container. */
  readonly services: readonly string[];
  /** `healthy` also waits for health checks to pass, where a service has one. */
  readonly until: 'running' | 'healthy';
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Called with a one-line summary whenever it changes. */
  readonly onChange: (summary: string) => void;
  readonly pollMs?: number;
  /**
   * How long a container without a passed health check must be seen running before it counts as ready, so a
   * service that crashes just after it starts fails the start instead of slipping through. Default 1500 ms.
   */
  readonly settleMs?: number;
  /** The clock, replaceable so that tests can step time per poll. */
  readonly now?: () => number;
}

/**
 * Polls the engine until every service is running (and healthy, when asked). A container that exits with a
 * non-zero code fails the wait at once, with the end of its log, since compose will not bring it back by itself;
 * one that exits with 0 is a finished one-off task and counts as done.
 * @throws `START_FAILED`, `TIMEOUT`, `CANCELLED`.
 */
export async function waitUntilReady(request: WaitRequest): Promise<SandboxStatus> {
  const now = request.now ?? Date.now;
  const deadline = now() + request.timeoutMs;
  const runningSince = new Map<string, number>();
  let last = '';
  for (;;) {
    const containers = await ownContainers(request.docker, request.scope, { signal: request.signal });
    const status = sandboxStatus(containers, request.services);
    const failed = status.services.flatMap((service) => service.containers.filter((c) => exitCode(c) > 0).map((c) => ({ service: service.name, container: c })));
    if (failed.length > 0) throw await startFailure(request, failed);

    const isReady = readiness(request, runningSince, now());
    // Every container is looked at (no short-circuit), so each one's settle time starts when it is first seen.
    const waiting = status.services
      .filter((service) => service.containers.length === 0 || service.containers.map(isReady).includes(false))
      .map((service) => `${service.name} (${describe(service.containers)})`);
    const summary = waiting.length === 0 ? 'all services ready' : `waiting for ${waiting.join(', ')}`;
    if (summary !== last) request.onChange(summary);
    last = summary;
    if (waiting.length === 0) return status;
    if (now() > deadline) {
      throw new OrcaError('TIMEOUT', `Sandbox "${request.sandbox}" was not ready after ${Math.round(request.timeoutMs / 1000)} s: ${summary}.`, {
        suggestion: 'The services may still come up: check with orcaops_get_sandbox, read their logs with orcaops_get_container_logs, or start again with a longer wait_timeout.',
      });
    }
    try {
      await sleep(request.pollMs ?? 500, undefined, { signal: request.signal });
    } catch {
      throw new OrcaError('CANCELLED', `Cancelled while waiting for sandbox "${request.sandbox}".`);
    }
  }
}

/**
 * Whether one container is ready at `now`. A passed health check is proof enough; a container without one (or
 * while only `running` is asked for) must have stayed running for the settle time. `runningSince` remembers when
 * each container was first seen running and forgets it when it stops, so a restart loop never settles.
 */
function readiness(request: WaitRequest, runningSince: Map<string, number>, now: number): (container: ServiceContainer) => boolean {
  const settleMs = request.settleMs ?? 1500;
  return (c) => {
    if (exitCode(c) === 0) return true;
    if (c.state !== 'running') {
      runningSince.delete(c.id);
      return false;
    }
    if (c.health === 'healthy') return true;
    if (request.until === 'healthy' && c.health !== null) return false;
    const since = runningSince.get(c.id) ?? now;
    runningSince.set(c.id, since);
    return now - since >= settleMs;
  };
}

/** The exit code of an exited container (from its status, e.g. `Exited (1) 2 seconds ago`), else -1. */
function exitCode(container: ServiceContainer): number {
  if (container.state !== 'exited' && container.state !== 'dead') return -1;
  const match = /\((\d+)\)/.exec(container.status);
  return match ? Number(match[1]) : 1;
}

function describe(containers: readonly ServiceContainer[]): string {
  if (containers.length === 0) return 'no container yet';
  return containers.map((c) => (c.health && c.state === 'running' ? `${c.state}, ${c.health}` : c.state)).join('; ');
}

async function startFailure(request: WaitRequest, failed: ReadonlyArray<{ service: string; container: ServiceContainer }>): Promise<OrcaError> {
  const reports = await Promise.all(
    failed.map(async ({ service, container }) => `${service} (${container.name}): ${container.status}\n${indent(await logTail(request.docker, container.id))}`),
  );
  return new OrcaError('START_FAILED', `Sandbox "${request.sandbox}" did not start: a service exited.\n${reports.join('\n')}`, {
    suggestion: 'Fix the service (its log is above), then call orcaops_start_sandbox again.',
  });
}

async function logTail(docker: DockerService, id: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    await docker.streamLogs(id, { onStdout: (c) => chunks.push(c), onStderr: (c) => chunks.push(c) }, { tail: 15 });
  } catch {
    return '(log unavailable)';
  }
  return Buffer.concat(chunks).toString('utf8').trimEnd().slice(-2000) || '(no output)';
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
