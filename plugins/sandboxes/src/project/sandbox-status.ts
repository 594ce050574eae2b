import type { CallOptions, ContainerSummary, DockerService, PortBinding } from '@orcaops/plugin-api';

/** Labels compose puts on the containers it creates (v1 since 1.25 and v2 set `working_dir` to the project directory). */
export const COMPOSE_LABELS = { project: 'com.docker.compose.project', service: 'com.docker.compose.service', workingDir: 'com.docker.compose.project.working_dir' } as const;

/**
 * Which containers are a sandbox's: those of its compose project that compose started from its directory. A
 * project name alone is not enough: another OrcaOps home (or a user by hand) may run a project of the same name
 * from elsewhere on the same engine, and those containers must be neither reported nor touched.
 */
export interface SandboxScope {
  readonly project: string;
  /** The sandbox directory as registered and as its real path (compose records the one it was given). */
  readonly directories: readonly string[];
}

/** For a container of the scope's project: true when it was started from the sandbox's directory (or does not say where from). */
export function belongsTo(container: ContainerSummary, scope: SandboxScope): boolean {
  const directory = container.labels[COMPOSE_LABELS.workingDir];
  // Compose before 1.25 did not record it: such a container cannot be told apart, and is counted.
  return directory === undefined || scope.directories.includes(directory);
}

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

/** A compose project's containers, running or not, split into the sandbox's own and those started from elsewhere. */
export async function projectContainers(docker: DockerService, scope: SandboxScope, options: CallOptions = {}): Promise<{ own: ContainerSummary[]; foreign: ContainerSummary[] }> {
  const all = await docker.listContainers({ all: true, labels: { [COMPOSE_LABELS.project]: scope.project } }, options);
  return { own: all.filter((c) => belongsTo(c, scope)), foreign: all.filter((c) => !belongsTo(c, scope)) };
}

/** The sandbox's own containers of its project, running or not. */
export async function ownContainers(docker: DockerService, scope: SandboxScope, options: CallOptions = {}): Promise<ContainerSummary[]> {
  return (await projectContainers(docker, scope, options)).own;
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
