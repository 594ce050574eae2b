/** How OrcaOps reaches (or tried to reach) the Docker engine. */
export interface DockerEndpoint {
  /** e.g. `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`. */
  readonly address: string;
  /** Where the address came from. */
  readonly source: 'config' | 'DOCKER_HOST' | 'docker-context' | 'socket-probe';
}

/** Engine facts for diagnostics. */
export interface EngineInfo {
  readonly endpoint: DockerEndpoint;
  readonly serverVersion: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly osType: string;
  readonly architecture: string;
  readonly kernelVersion: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly storageDriver: string;
  readonly containers: { readonly total: number; readonly running: number; readonly paused: number; readonly stopped: number };
  readonly images: number;
}

/** Container states as the engine reports them. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** One container in a listing. */
export interface ContainerSummary {
  readonly id: string;
  /** Name without the leading `/`. */
  readonly name: string;
  readonly image: string;
  readonly state: ContainerState | string;
  /** The engine's human status, e.g. `Exited (0) 2 minutes ago`. */
  readonly status: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Carries the OrcaOps managed label. */
  readonly managed: boolean;
}

/** Filters for {@link DockerService.listContainers}. */
export interface ContainerQuery {
  /** Include stopped containers. */
  readonly all?: boolean;
  /** Label filters: a string value matches `key=value`, `true` matches the key with any value. */
  readonly labels?: Readonly<Record<string, string | true>>;
  /** Only these states. */
  readonly states?: readonly ContainerState[];
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * The Docker engine as OrcaOps plugins see it. Implementations map engine failures to {@link OrcaError}s:
 * `DOCKER_UNAVAILABLE` when nothing answers (with what was tried), `CONTAINER_NOT_FOUND`, `CONFLICT`,
 * `DOCKER_ERROR`. No Docker client type appears in this interface.
 */
export interface DockerService {
  /** Resolves when the engine answers. */
  ping(options?: CallOptions): Promise<void>;
  /** Engine version and resources. */
  info(options?: CallOptions): Promise<EngineInfo>;
  /** Containers matching the query. */
  listContainers(query?: ContainerQuery, options?: CallOptions): Promise<ContainerSummary[]>;
  /** Removes a container; removing one that is already gone throws `CONTAINER_NOT_FOUND`. */
  removeContainer(id: string, options?: CallOptions & { readonly force?: boolean; readonly volumes?: boolean }): Promise<void>;
}
