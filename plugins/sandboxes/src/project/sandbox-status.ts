import type { CallOptions, ContainerSummary, DockerService, PortBinding } from '@orcaops/plugin-api';

/** Labels compose puts on the containers it creates. */
export const COMPOSE_LABELS = { project: 'com.docker.compose.project', service: 'com.docker.compose.service' } as const;

/** A sandbox's overall state, derived from its containers. */
export type SandboxState = 'stopped' | 'starting' | 'running' | 'unhealthy' | 'partial' | 'exited';

export interface ServiceContainer {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly status: string;
  readonly health: string | null;
  readonly ports: readonly PortBinding[];
}

export interface ServiceStatus {
  readonly name: string;
  readonly containers: readonly ServiceContainer[];
}

export interface SandboxStatus {
  readonly state: SandboxState;
  readonly services: readonly ServiceStatus[];
}

/** A compose project's containers, running or not. */
export function projectContainers(docker: DockerService, project: string, options: CallOptions = {}): Promise<ContainerSummary[]> {
  return docker.listContainers({ all: true, labels: { [COMPOSE_LABELS.project]: project } }, options);
}

/** Every compose container on the engine, by project: one listing serves any number of sandboxes. */
export async function containersByProject(docker: DockerService, options: CallOptions = {}): Promise<Map<string, ContainerSummary[]>> {
  const containers = await docker.listContainers({ all: true, labels: { [COMPOSE_LABELS.project]: true } }, options);
  const byProject = new Map<string, ContainerSummary[]>();
  for (const container of containers) {
    const project = container.labels[COMPOSE_LABELS.project]!;
    byProject.set(project, [...(byProject.get(project) ?? []), container]);
  }
  return byProject;
}

/** Groups a project's containers by service; `declared` services with no container are listed too. */
export function sandboxStatus(containers: readonly ContainerSummary[], declared: readonly string[] = []): SandboxStatus {
  const names = [...new Set([...declared, ...containers.map((c) => c.labels[COMPOSE_LABELS.service] ?? '?')])].sort();
  const services = names.map((name) => ({
    name,
    containers: containers
      .filter((c) => (c.labels[COMPOSE_LABELS.service] ?? '?') === name)
      .map((c) => ({ id: c.id, name: c.name, state: String(c.state), status: c.status, health: c.health, ports: c.ports })),
  }));
  return { state: overallState(services), services };
}

function overallState(services: readonly ServiceStatus[]): SandboxState {
  const containers = services.flatMap((service) => service.containers);
  if (containers.length === 0) return 'stopped';
  const running = containers.filter((c) => c.state === 'running');
  if (running.length === 0) return 'exited';
  if (running.length < containers.length || services.some((service) => service.containers.length === 0)) return 'partial';
  if (running.some((c) => c.health === 'unhealthy')) return 'unhealthy';
  if (running.some((c) => c.health === 'starting')) return 'starting';
  return 'running';
}
