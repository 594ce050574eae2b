import {
  LABELS,
  OrcaError,
  type ContainerQuery,
  type ContainerSummary,
  type DockerService,
  type EngineInfo,
} from '@orcaops/plugin-api';

/** An in-memory {@link DockerService} for fast unit tests. Real-engine tests cover the real one. */
export class FakeDockerService implements DockerService {
  readonly containers = new Map<string, ContainerSummary>();
  /** When set, every call fails with it (e.g. `DOCKER_UNAVAILABLE`). */
  failure: OrcaError | null = null;
  readonly removed: string[] = [];

  /** Adds a container; `managed` sets the OrcaOps label. */
  add(container: Partial<ContainerSummary> & { id: string; managed?: boolean }): ContainerSummary {
    const labels = { ...container.labels, ...(container.managed ? { [LABELS.managed]: 'true' } : {}) };
    const summary: ContainerSummary = {
      name: container.id,
      image: 'fake:latest',
      state: 'exited',
      status: 'Exited (0)',
      createdAt: new Date(0).toISOString(),
      ...container,
      labels,
      managed: labels[LABELS.managed] === 'true',
    };
    this.containers.set(summary.id, summary);
    return summary;
  }

  async ping(): Promise<void> {
    this.check();
  }

  async info(): Promise<EngineInfo> {
    this.check();
    const all = [...this.containers.values()];
    const running = all.filter((c) => c.state === 'running').length;
    return {
      endpoint: { address: 'unix:///fake.sock', source: 'config' },
      serverVersion: '0.0.0-fake',
      apiVersion: '1.41',
      os: 'FakeOS',
      osType: 'linux',
      architecture: 'x86_64',
      kernelVersion: '0',
      cpus: 1,
      memoryBytes: 1024,
      storageDriver: 'fake',
      containers: { total: all.length, running, paused: 0, stopped: all.length - running },
      images: 0,
    };
  }

  async listContainers(query: ContainerQuery = {}): Promise<ContainerSummary[]> {
    this.check();
    return [...this.containers.values()].filter(
      (c) =>
        (query.all || c.state === 'running') &&
        (!query.states || query.states.includes(c.state as never)) &&
        Object.entries(query.labels ?? {}).every(([key, value]) => (value === true ? key in c.labels : c.labels[key] === value)),
    );
  }

  async removeContainer(id: string, options: { force?: boolean } = {}): Promise<void> {
    this.check();
    const container = this.containers.get(id);
    if (!container) throw new OrcaError('CONTAINER_NOT_FOUND', `No container "${id}".`);
    if (container.state === 'running' && !options.force) throw new OrcaError('CONFLICT', `Container ${id} is running.`);
    this.containers.delete(id);
    this.removed.push(id);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
