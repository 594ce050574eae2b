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
  /** The engine's security options, e.g. `name=seccomp,profile=default`, `name=rootless`; absent when it does not say. */
  readonly securityOptions?: readonly string[];
  /** The platform's name, e.g. `Docker Engine - Community`, `Docker Desktop 4.30.0 (149282)`, `Podman Engine`. */
  readonly platformName?: string;
  /** Names of the engine's components as its version reports them, e.g. `Engine`, `containerd`, `Podman Engine`. */
  readonly components?: readonly string[];
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
  /** Exposed ports, with the host side when published. */
  readonly ports: readonly PortBinding[];
  /** From the engine's status line; null when the container has no health check. */
  readonly health: HealthStatus | null;
}

/** A container health check's verdict. */
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** A container port and, when published, where it is reachable on the host. */
export interface PortBinding {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp' | string;
  /** Host address, e.g. `0.0.0.0` or `127.0.0.1`; absent when not published. */
  readonly hostIp?: string;
  readonly hostPort?: number;
}

/** Filters for {@link DockerService.listContainers}. */
export interface ContainerQuery {
  /** Include stopped containers. */
  readonly all?: boolean;
  /** Label filters: a string value matches `key=value`, `true` matches the key with any value. */
  readonly labels?: Readonly<Record<string, string | true>>;
  /** Only these states. */
  readonly states?: readonly ContainerState[];
  /** Names containing this text (the engine's `name` filter). */
  readonly name?: string;
}

/** Which part of a container's log to read. */
export interface ContainerLogOptions {
  readonly follow?: boolean;
  /** Unix seconds. */
  readonly since?: number;
  /** Only the last N lines. */
  readonly tail?: number;
  readonly timestamps?: boolean;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** A local image. */
export interface ImageInfo {
  readonly id: string;
  /** `repo@sha256:…` from the image's repo digests, or null for an image never pushed or pulled. */
  readonly digest: string | null;
}

/** One progress event of a pull. */
export interface PullProgress {
  readonly status: string;
  /** Layer id, when the event is about one layer. */
  readonly layer?: string;
  readonly current?: number;
  readonly total?: number;
}

/** Filters for {@link DockerService.listImages}; all given must match. */
export interface ImageQuery {
  /** `true`: only dangling images (no tag); `false`: only tagged ones. */
  readonly dangling?: boolean;
  /** Label filters: a string value matches `key=value`, `true` matches the key with any value. */
  readonly labels?: Readonly<Record<string, string | true>>;
  /** The engine's `reference` filter: `name`, `name:tag`, with `*` as a wildcard within a path component. */
  readonly reference?: string;
}

/** A container created from an image. */
export interface ImageUser {
  readonly id: string;
  /** Name without the leading `/`. */
  readonly name: string;
  readonly state: ContainerState | string;
}

/** One local image in a listing (intermediate images of classic builds are not listed). */
export interface ImageSummary {
  /** `sha256:…`. */
  readonly id: string;
  /** `repo:tag` references; empty for a dangling image. */
  readonly tags: readonly string[];
  /** `repo@sha256:…` for an image pulled or pushed; empty otherwise. */
  readonly digests: readonly string[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** The image's size, layers it shares with other images included. */
  readonly sizeBytes: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Has no tag (what an image prune removes once no container uses it). */
  readonly dangling: boolean;
  /** Containers of any state created from this image (matched by image id, so a moved tag does not hide them). */
  readonly containers: readonly ImageUser[];
}

/** What removing an image (or pruning images) did, as the engine reports it. */
export interface ImageRemoval {
  /** References removed. */
  readonly untagged: readonly string[];
  /** Image ids deleted (the image and parents nothing else needs). */
  readonly deleted: readonly string[];
}

/** What {@link DockerService.pruneImages} removed. */
export interface ImagePruneResult extends ImageRemoval {
  /** Disk space freed, as the engine counts it. */
  readonly reclaimedBytes: number;
}

/**
 * What a build reads: a host directory (packed for the engine, honouring its `.dockerignore`; symbolic links are
 * sent as links, never followed, and other special files are skipped) or a tar archive made by the caller.
 */
export type BuildContext = { readonly directory: string } | { readonly tar: NodeJS.ReadableStream | Buffer };

/** One event of a build's progress stream. */
export interface BuildProgress {
  /** Build output: a step header (`Step 2/5 : RUN make`) or what a step printed; any number of lines, or part of one. */
  readonly output?: string;
  /** Set on the event that starts a step. */
  readonly step?: { readonly current: number; readonly total: number };
  /** Status of a base image pull during the build (as {@link PullProgress}). */
  readonly status?: string;
  readonly layer?: string;
  readonly current?: number;
  readonly total?: number;
}

/** How {@link DockerService.buildImage} builds. */
export interface BuildOptions extends CallOptions {
  /** `repo:tag` references to give the image. */
  readonly tags?: readonly string[];
  /** Dockerfile path inside the context, `/`-separated (default `Dockerfile`). */
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Labels set on the image. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Build stage to stop at. */
  readonly target?: string;
  /** Pull newer versions of base images even when present. */
  readonly pull?: boolean;
  readonly noCache?: boolean;
  /** For a directory context: refuse (`LIMIT_EXCEEDED`) one whose files total more bytes than this, before sending anything. */
  readonly maxContextBytes?: number;
  readonly onProgress?: (event: BuildProgress) => void;
}

/** A finished build. */
export interface BuildResult {
  /** `sha256:…`. */
  readonly imageId: string;
  readonly tags: readonly string[];
  /** Bytes of the files sent for a directory context; null for a tar the caller gave. */
  readonly contextBytes: number | null;
}

/** A container to create. OrcaOps always sets labels so that it can find its containers again. */
export interface ContainerCreateSpec {
  readonly image: string;
  readonly name?: string;
  readonly command: readonly string[];
  /** Overrides the image's entrypoint; `[]` clears it. */
  readonly entrypoint?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Run an init process as PID 1 (signals reach the command; `stop` is prompt). */
  readonly init?: boolean;
  readonly network?: 'bridge' | 'none';
  readonly nanoCpus?: number;
  readonly memoryBytes?: number;
  readonly pidsLimit?: number;
  readonly user?: string;
  /** Linux capabilities taken away (`["ALL"]` for all), then given back (`capAdd`). */
  readonly capDrop?: readonly string[];
  readonly capAdd?: readonly string[];
  /** The container's processes cannot gain privileges (setuid binaries, file capabilities). */
  readonly noNewPrivileges?: boolean;
  /** The root filesystem is read-only; `volumes` and `tmpfs` are the writable places. */
  readonly readonlyRootfs?: boolean;
  /** Anonymous volumes at these paths: writable, filled before the start, removed with the container (`volumes: true`). */
  readonly volumes?: readonly string[];
  /** Path → tmpfs mount options, e.g. `{ "/tmp": "rw,nosuid,nodev" }`. */
  readonly tmpfs?: Readonly<Record<string, string>>;
}

/** A container's state as inspect reports it. */
export interface ContainerStateInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** The image id the container was created from. */
  readonly imageId: string;
  readonly state: ContainerState | string;
  readonly running: boolean;
  /** Exit code once the container has exited, else null. */
  readonly exitCode: number | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** A curated view of a container's full inspect: what a person debugging it looks at first. */
export interface ContainerDetails extends ContainerStateInfo {
  /** Entrypoint and command as the container runs them. */
  readonly command: readonly string[];
  readonly createdAt: string;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  /** The engine's error for a container that failed to start, else null. */
  readonly error: string | null;
  readonly health: { readonly status: HealthStatus; readonly failingStreak: number; readonly lastOutput: string | null } | null;
  readonly ports: readonly PortBinding[];
  readonly mounts: ReadonlyArray<{
    readonly type: string;
    /** Host path, or the volume's name. */
    readonly source: string;
    readonly destination: string;
    readonly readOnly: boolean;
  }>;
  readonly networks: ReadonlyArray<{ readonly name: string; readonly ipAddress: string | null; readonly aliases: readonly string[] }>;
  /** Zero means unlimited, as in the engine. */
  readonly limits: { readonly nanoCpus: number; readonly memoryBytes: number; readonly pidsLimit: number };
  readonly restartPolicy: string;
  /** The engine's inspect document, only when asked for. */
  readonly raw?: unknown;
}

/**
 * One reading of a container's resource use, as `docker stats --no-stream` computes it. A container that is not
 * running reads as zeros.
 */
export interface ContainerStats {
  readonly id: string;
  readonly name: string;
  /** CPU used over the engine's one-second sample, in percent of one CPU: two busy CPUs read 200. */
  readonly cpuPercent: number;
  /** Memory in use less the page cache the kernel can drop (what `docker stats` shows). */
  readonly memoryBytes: number;
  /** The container's memory limit, or the host's memory when it has none. */
  readonly memoryLimitBytes: number;
  readonly pids: number;
  /** Summed over the container's networks. */
  readonly networkRxBytes: number;
  readonly networkTxBytes: number;
}

/** A command to run in a running container. */
export interface ExecSpec {
  /** argv: run as is, never through a shell. */
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly user?: string;
}

/** Receives a container's demultiplexed output. */
export interface OutputHandlers {
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /**
   * Only for `streamLogs`: called before the output of each entry of the engine's log (a line, or a piece of a very
   * long one) with the time the engine received it. The output then carries no timestamp prefix, whatever
   * `timestamps` says. Lets a reader that replays a log later know when each part was printed.
   */
  onEntry?(stream: 'stdout' | 'stderr', at: Date): void;
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
  /** The local image, or null when it is not present. */
  inspectImage(ref: string, options?: CallOptions): Promise<ImageInfo | null>;
  /**
   * Pulls an image, reporting progress. Fails on any error event in the stream, not only on the HTTP status.
   * @throws OrcaError `IMAGE_NOT_FOUND` (unknown repository or tag) or `IMAGE_PULL_FAILED` (anything else).
   */
  pullImage(ref: string, options?: CallOptions & { readonly onProgress?: (event: PullProgress) => void }): Promise<ImageInfo>;
  /** Creates a container (not started) and returns its id. @throws `IMAGE_NOT_FOUND` when the image is missing. */
  createContainer(spec: ContainerCreateSpec, options?: CallOptions): Promise<string>;
  /** Starts a created container; starting a running one is not an error. */
  startContainer(id: string, options?: CallOptions): Promise<void>;
  /** Current state. @throws `CONTAINER_NOT_FOUND`. */
  inspectContainer(id: string, options?: CallOptions): Promise<ContainerStateInfo>;
  /** The curated inspect, with the engine's document under `raw` when `raw` is set. @throws `CONTAINER_NOT_FOUND`. */
  describeContainer(id: string, options?: CallOptions & { readonly raw?: boolean }): Promise<ContainerDetails>;
  /**
   * One stats reading (the engine takes about a second, to sample CPU use twice).
   * @throws `CONTAINER_NOT_FOUND`.
   */
  containerStats(id: string, options?: CallOptions): Promise<ContainerStats>;
  /**
   * Runs a command in a running container, streaming its output to the handlers, and returns its exit code.
   * Aborting the signal stops reading, kills the command and its child processes where OrcaOps can reach them
   * (the engine runs on this machine and the image has `kill` or `sh`), and rejects with `CANCELLED`, whose
   * `details.process` is `stopped`, `ended` or `running`, and `details.detail` a clause saying so (and why, when
   * the command may live on).
   * @throws `CONTAINER_NOT_FOUND`, `CONFLICT` (the container is not running).
   */
  exec(id: string, spec: ExecSpec, handlers: OutputHandlers, options?: CallOptions): Promise<number>;
  /** Waits until the container is not running and returns its exit code. A container never started returns 0 at once. */
  waitContainer(id: string, options?: CallOptions): Promise<number>;
  /** Sends `killSignal` (default SIGKILL); a container that is not running is not an error. */
  killContainer(id: string, options?: CallOptions & { readonly killSignal?: string }): Promise<void>;
  /** Stops with a grace period (default 10 s); stopping a stopped container is not an error. */
  stopContainer(id: string, options?: CallOptions & { readonly timeoutSeconds?: number }): Promise<void>;
  /**
   * Streams the container's output from the start (or from `since`, Unix seconds; or only the last `tail` lines)
   * and, with `follow`, until it exits. With `timestamps` each line starts with its RFC 3339 time and a space.
   * Resolves when the stream ends.
   */
  streamLogs(id: string, handlers: OutputHandlers, options?: CallOptions & ContainerLogOptions): Promise<void>;
  /**
   * Attaches to a created container's output before it starts, so nothing is missed; resolves once attached.
   * `done` settles when the output ends (the container exited). For live output this is much faster than
   * `streamLogs`, which re-reads the engine's log.
   */
  attachOutput(id: string, handlers: OutputHandlers, options?: CallOptions): Promise<{ readonly done: Promise<void> }>;
  /** Extracts a tar archive into a directory of the container (created or running). */
  putArchive(id: string, directory: string, tar: NodeJS.ReadableStream | Buffer, options?: CallOptions): Promise<void>;
  /** A tar archive of a path in the container. @throws `NOT_FOUND` when the path does not exist. */
  getArchive(id: string, path: string, options?: CallOptions): Promise<NodeJS.ReadableStream>;
  /** Local images matching the query, newest first, with the containers that use each. */
  listImages(query?: ImageQuery, options?: CallOptions): Promise<ImageSummary[]>;
  /**
   * Removes an image reference, or an image by id; the image itself goes with its last reference. `force` removes
   * an image with several references or used by stopped containers; nothing removes one a running container uses.
   * `noPrune` keeps untagged parents.
   * @throws `IMAGE_NOT_FOUND`, `CONFLICT` (in use, or needs force; the engine's reason in the message).
   */
  removeImage(ref: string, options?: CallOptions & { readonly force?: boolean; readonly noPrune?: boolean }): Promise<ImageRemoval>;
  /** Removes dangling images that no container uses (only those carrying `labels`, when given). */
  pruneImages(options?: CallOptions & { readonly labels?: Readonly<Record<string, string | true>> }): Promise<ImagePruneResult>;
  /**
   * Builds an image with the engine's builder, reporting its output as it comes. Fails on the first error event of
   * the build, not only on the HTTP status. Aborting the signal closes the connection, which stops the build.
   * @throws `DIR_NOT_FOUND` (directory context missing), `LIMIT_EXCEEDED` (context too large), `VALIDATION_ERROR`
   *   (no such Dockerfile, or one the engine cannot parse), `IMAGE_NOT_FOUND` (a base image), `DOCKER_ERROR` (a
   *   step failed: `details.exitCode` when a command exited non-zero), `CANCELLED`.
   */
  buildImage(context: BuildContext, options?: BuildOptions): Promise<BuildResult>;
}
