import { Readable } from 'node:stream';
import {
  LABELS,
  OrcaError,
  type BuildContext,
  type BuildOptions,
  type BuildResult,
  type CallOptions,
  type ContainerCreateSpec,
  type ContainerDetails,
  type ContainerLogOptions,
  type ContainerQuery,
  type ContainerStateInfo,
  type ContainerStats,
  type ContainerSummary,
  type DockerService,
  type EngineInfo,
  type ExecSpec,
  type ImageInfo,
  type ImagePruneResult,
  type ImageQuery,
  type ImageRemoval,
  type ImageSummary,
  type OutputHandlers,
  type PullProgress,
} from '@orcaops/plugin-api';

/** What a container created through the fake does when started, or what an exec'd command does. */
export interface FakeScript {
  /** Written to the log (or the exec's handlers) in this order; strings are UTF-8. */
  readonly output?: ReadonlyArray<{ readonly stream: 'stdout' | 'stderr'; readonly data: string | Buffer }>;
  /** Exit code when it finishes on its own (default 0). */
  readonly exitCode?: number;
  /** Keep running until killed or stopped, instead of exiting at once (an exec: until aborted or the container stops). */
  readonly hang?: boolean;
}

/** The time the fake stamps on every log line when asked for timestamps. */
const LOG_TIME = new Date(0).toISOString();

interface FakeRun {
  readonly script: FakeScript;
  started: boolean;
  exitCode: number | null;
  readonly exited: Array<() => void>;
}

/**
 * An in-memory {@link DockerService} for fast, deterministic unit tests. Real-engine tests cover the real one.
 *
 * Simulated: containers listed (filters `all`, `states`, `labels`, `name` as a substring) and removed (`add`,
 * `containers`; `ports` and `health` are whatever `add` was given, default `[]` and null); local images
 * (`addImage`) and pullable ones (`remoteImages`, pulled with two progress events); `createContainer` records the
 * spec (`specs`, ids `fake-1`, `fake-2`, …) and fails with `IMAGE_NOT_FOUND` for an image not added; `start` runs
 * `script(spec)`: scripted output, then exit at once with its code (default 0), or with `hang` until `kill` (137,
 * or 143 for SIGTERM) or `stop` (143); `wait`, `streamLogs` (with `follow`, until exit; `tail` as the last N lines
 * of both streams together; `timestamps` as `1970-01-01T00:00:00.000Z ` before each line) and `inspectContainer`
 * follow that state; `describeContainer` builds its details from the summary, the state and the recorded spec
 * (command, limits, network), with `details` merged over them and a small engine-like document as `raw`; `exec`
 * records the call (`execs`), fails with `CONFLICT` unless the container is running, and plays `execScript(id,
 * spec)` (output, exit code, or `hang` until aborted or the container stops: 137); abort signals give
 * `CANCELLED`; `putArchive` stores what it receives (`archivesPut`); `getArchive` serves what the test put in
 * `archives` (`"<id>:<path>"` → tar bytes), else `NOT_FOUND`. Images: `listImages` shows each local image as tagged
 * with its reference (never dangling; filters `reference` as an exact match and `dangling`), with the containers
 * whose `image` is that reference; `removeImage` deletes the reference (`IMAGE_NOT_FOUND` when absent, `CONFLICT`
 * when a container uses it, unless `force`); `pruneImages` finds nothing; `buildImage` records the call (`builds`),
 * reports one step and adds the image under each tag. `containerStats` reports fixed figures (zeros for a
 * container that is not running), with what the test put in `stats` merged over them.
 *
 * Not simulated: real timing (a non-hanging container exits during `start`; log times are all the epoch, and
 * `streamLogs` never calls `onEntry`, so readers fall back to their own clock),
 * `since`, TTY, health checks (a summary's `health` never changes by itself), port publishing, mounts, restart
 * policies, resource limits and networks beyond what the spec recorded, users or working directories (only
 * recorded; an exec's `env`/`workdir`/`user` reach only `execScript`), the engine's regex reading of the `name`
 * filter, tar parsing (`putArchive` does not make files visible to `getArchive`), pull failures other than an
 * unknown image, and anything about the engine's own concurrency.
 */
export class FakeDockerService implements DockerService {
  readonly containers = new Map<string, ContainerSummary>();
  /** When set, every call fails with it (e.g. `DOCKER_UNAVAILABLE`). */
  failure: OrcaError | null = null;
  /** Merged over what `info` reports, e.g. `{ securityOptions: ['name=rootless'] }` or another endpoint. */
  engine: Partial<EngineInfo> = {};
  readonly removed: string[] = [];
  /** Images present on the fake engine, by reference. */
  readonly images = new Map<string, ImageInfo>();
  /** Images `pullImage` can fetch, by reference. */
  readonly remoteImages = new Map<string, ImageInfo>();
  /** The spec of every container created through {@link createContainer}, by id. */
  readonly specs = new Map<string, ContainerCreateSpec>();
  /** What a created container does when started. Replace it to script output and exit codes. */
  script: (spec: ContainerCreateSpec) => FakeScript = () => ({});
  /** What an exec'd command does. Replace it to script output and exit codes. */
  execScript: (id: string, spec: ExecSpec) => FakeScript = () => ({});
  /** Every `exec` that reached a running container, in order. */
  readonly execs: Array<{ id: string; spec: ExecSpec }> = [];
  /** Merged over the synthesized result of `describeContainer`, by id (e.g. mounts, health output). */
  readonly details = new Map<string, Partial<ContainerDetails>>();
  /** Merged over what `containerStats` reports, by id (default: a running container at 0 % CPU and 1 MiB of memory). */
  readonly stats = new Map<string, Partial<ContainerStats>>();
  /** Tar archives `getArchive` serves, keyed `"<id>:<path>"`. */
  readonly archives = new Map<string, Buffer>();
  /** Every `putArchive`, in order. */
  readonly archivesPut: Array<{ id: string; directory: string; tar: Buffer }> = [];
  /** Every `buildImage`, in order. */
  readonly builds: Array<{ context: BuildContext; options: BuildOptions }> = [];
  /** Calls that change state, e.g. `start fake-1`, `kill fake-1 SIGKILL`. */
  readonly calls: string[] = [];
  private readonly runs = new Map<string, FakeRun>();
  private nextId = 1;

  /** Adds a container; `managed` sets the OrcaOps label. */
  add(container: Partial<ContainerSummary> & { id: string; managed?: boolean }): ContainerSummary {
    const labels = { ...container.labels, ...(container.managed ? { [LABELS.managed]: 'true' } : {}) };
    const summary: ContainerSummary = {
      name: container.id,
      image: 'fake:latest',
      state: 'exited',
      status: 'Exited (0)',
      createdAt: new Date(0).toISOString(),
      ports: [],
      health: null,
      ...container,
      labels,
      managed: labels[LABELS.managed] === 'true',
    };
    this.containers.set(summary.id, summary);
    return summary;
  }

  /** Adds a local image. */
  addImage(ref: string, info: Partial<ImageInfo> = {}): ImageInfo {
    const image = { id: `sha256:${ref}`, digest: null, ...info };
    this.images.set(ref, image);
    return image;
  }

  async ping(options: CallOptions = {}): Promise<void> {
    this.check(options);
  }

  async info(options: CallOptions = {}): Promise<EngineInfo> {
    this.check(options);
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
      images: this.images.size,
      ...this.engine,
    };
  }

  async listContainers(query: ContainerQuery = {}, options: CallOptions = {}): Promise<ContainerSummary[]> {
    this.check(options);
    return [...this.containers.values()].filter(
      (c) =>
        (query.all || c.state === 'running') &&
        (!query.states || query.states.includes(c.state as never)) &&
        (!query.name || c.name.includes(query.name)) &&
        Object.entries(query.labels ?? {}).every(([key, value]) => (value === true ? key in c.labels : c.labels[key] === value)),
    );
  }

  async removeContainer(id: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    this.check(options);
    const container = this.container(id);
    if (container.state === 'running' && !options.force) throw new OrcaError('CONFLICT', `Container ${id} is running.`);
    if (container.state === 'running') this.exit(id, 137);
    this.containers.delete(id);
    this.runs.delete(id);
    this.removed.push(id);
  }

  async inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInfo | null> {
    this.check(options);
    return this.images.get(ref) ?? null;
  }

  async pullImage(ref: string, options: CallOptions & { onProgress?: (event: PullProgress) => void } = {}): Promise<ImageInfo> {
    this.check(options);
    const image = this.remoteImages.get(ref);
    if (!image) throw new OrcaError('IMAGE_NOT_FOUND', `Image ${ref} was not found on the fake registry.`);
    options.onProgress?.({ status: `Pulling from ${ref}` });
    options.onProgress?.({ status: `Status: Downloaded newer image for ${ref}` });
    this.images.set(ref, image);
    return image;
  }

  async createContainer(spec: ContainerCreateSpec, options: CallOptions = {}): Promise<string> {
    this.check(options);
    if (!this.images.has(spec.image)) throw new OrcaError('IMAGE_NOT_FOUND', `Image ${spec.image} is not present on the fake engine.`);
    if (spec.name !== undefined && [...this.containers.values()].some((c) => c.name === spec.name)) {
      throw new OrcaError('CONFLICT', `The container name "${spec.name}" is already in use.`);
    }
    const id = `fake-${this.nextId++}`;
    this.add({ id, name: spec.name ?? id, image: spec.image, state: 'created', status: 'Created', labels: { ...spec.labels } });
    this.specs.set(id, spec);
    this.runs.set(id, { script: this.script(spec), started: false, exitCode: null, exited: [] });
    this.calls.push(`create ${id}`);
    return id;
  }

  async startContainer(id: string, options: CallOptions = {}): Promise<void> {
    this.check(options);
    const container = this.container(id);
    const run = this.run(id);
    if (container.state === 'running') return;
    this.calls.push(`start ${id}`);
    run.started = true;
    this.setState(id, 'running', 'Up');
    if (!run.script.hang) this.exit(id, run.script.exitCode ?? 0);
  }

  async inspectContainer(id: string, options: CallOptions = {}): Promise<ContainerStateInfo> {
    this.check(options);
    const container = this.container(id);
    const run = this.runs.get(id);
    return {
      id,
      name: container.name,
      image: container.image,
      imageId: this.images.get(container.image)?.id ?? `sha256:${container.image}`,
      state: container.state,
      running: container.state === 'running',
      exitCode: container.state === 'exited' ? (run?.exitCode ?? 0) : null,
      startedAt: run?.started ? new Date(0).toISOString() : null,
      finishedAt: run?.exitCode !== null && run?.exitCode !== undefined ? new Date(0).toISOString() : null,
      labels: container.labels,
    };
  }

  async describeContainer(id: string, options: CallOptions & { raw?: boolean } = {}): Promise<ContainerDetails> {
    const state = await this.inspectContainer(id, options);
    const container = this.container(id);
    const spec = this.specs.get(id);
    const synthesized: ContainerDetails = {
      ...state,
      command: spec ? [...(spec.entrypoint ?? []), ...spec.command] : [],
      createdAt: container.createdAt,
      oomKilled: false,
      restartCount: 0,
      error: null,
      health: container.health ? { status: container.health, failingStreak: container.health === 'unhealthy' ? 1 : 0, lastOutput: null } : null,
      ports: container.ports,
      mounts: [],
      networks: spec?.network ? [{ name: spec.network, ipAddress: null, aliases: [] }] : [],
      limits: { nanoCpus: spec?.nanoCpus ?? 0, memoryBytes: spec?.memoryBytes ?? 0, pidsLimit: spec?.pidsLimit ?? 0 },
      restartPolicy: 'no',
    };
    const details = { ...synthesized, ...this.details.get(id) };
    if (!options.raw) return details;
    const raw = {
      Id: id,
      Name: `/${container.name}`,
      Created: container.createdAt,
      State: { Status: state.state, Running: state.running, ExitCode: state.exitCode ?? 0 },
      Config: { Image: container.image, Labels: container.labels, Cmd: spec ? [...spec.command] : null },
    };
    return { ...details, raw };
  }

  /** Plays `execScript`; `CONFLICT` unless the container is running. Abort stops a hanging command: `CANCELLED`, `process: 'stopped'`. */
  /** Found by id or name, as the engine does; a container that is not running reads as zeros. */
  async containerStats(id: string, options: CallOptions = {}): Promise<ContainerStats> {
    this.check(options);
    const container = this.containers.get(id) ?? [...this.containers.values()].find((c) => c.name === id);
    if (!container) throw new OrcaError('CONTAINER_NOT_FOUND', `No container "${id}".`);
    const running = container.state === 'running';
    return {
      id: container.id,
      name: container.name,
      cpuPercent: 0,
      memoryBytes: running ? 1_048_576 : 0,
      memoryLimitBytes: running ? 1_073_741_824 : 0,
      pids: running ? 1 : 0,
      networkRxBytes: 0,
      networkTxBytes: 0,
      ...this.stats.get(container.id),
    };
  }

  async exec(id: string, spec: ExecSpec, handlers: OutputHandlers, options: CallOptions = {}): Promise<number> {
    this.check(options);
    const container = this.container(id);
    if (container.state !== 'running') {
      throw new OrcaError('CONFLICT', `Container ${id} is not running, so running a command in container ${id} is not possible.`);
    }
    this.execs.push({ id, spec });
    const script = this.execScript(id, spec);
    this.emit(script.output ?? [], handlers);
    if (!script.hang) return script.exitCode ?? 0;
    try {
      await this.untilExit(this.run(id), options.signal);
    } catch {
      throw new OrcaError('CANCELLED', 'The command was cancelled; it was stopped (1 process killed).', { details: { process: 'stopped', detail: 'it was stopped (1 process killed)' } });
    }
    return 137;
  }

  async waitContainer(id: string, options: CallOptions = {}): Promise<number> {
    this.check(options);
    this.container(id);
    const run = this.run(id);
    await this.untilExit(run, options.signal);
    return run.exitCode ?? 0;
  }

  /** `signal` is the kill signal when a string, the abort signal when an AbortSignal (the interface names both). */
  async killContainer(id: string, options: CallOptions & { killSignal?: string } = {}): Promise<void> {
    const killSignal = options.killSignal ?? 'SIGKILL';
    this.check(options);
    const container = this.container(id);
    this.calls.push(`kill ${id} ${killSignal}`);
    if (container.state === 'running') this.exit(id, killSignal === 'SIGTERM' || killSignal === 'TERM' ? 143 : 137);
  }

  async stopContainer(id: string, options: CallOptions & { timeoutSeconds?: number } = {}): Promise<void> {
    this.check(options);
    const container = this.container(id);
    this.calls.push(`stop ${id}`);
    if (container.state === 'running') this.exit(id, 143);
  }

  /**
   * Emits the script's output; with `follow` on a running container, resolves once it exits. With `tail` or
   * `timestamps` the output goes out line by line (an unterminated end counts as a line). Abort rejects `CANCELLED`.
   */
  async streamLogs(id: string, handlers: OutputHandlers, options: LogOptions = {}): Promise<void> {
    this.check(options);
    this.container(id);
    const run = this.run(id);
    if (!run.started) return;
    const output = run.script.output ?? [];
    this.emit(options.tail === undefined && !options.timestamps ? output : logLines(output, options), handlers);
    if (options.follow) await this.untilExit(run, options.signal);
  }

  /** Attached before start: the scripted output is delivered once the container has been started. */
  async attachOutput(id: string, handlers: OutputHandlers, options: CallOptions = {}): Promise<{ done: Promise<void> }> {
    this.check(options);
    this.container(id);
    const done = (async () => {
      while (!this.run(id).started) await new Promise((resolve) => setTimeout(resolve, 5));
      await this.streamLogs(id, handlers, { ...options, follow: true });
    })();
    return { done };
  }

  async putArchive(id: string, directory: string, tar: NodeJS.ReadableStream | Buffer, options: CallOptions = {}): Promise<void> {
    this.check(options);
    this.container(id);
    const chunks: Buffer[] = [];
    if (Buffer.isBuffer(tar)) chunks.push(tar);
    else for await (const chunk of tar) chunks.push(Buffer.from(chunk as Buffer));
    this.archivesPut.push({ id, directory, tar: Buffer.concat(chunks) });
  }

  async getArchive(id: string, path: string, options: CallOptions = {}): Promise<NodeJS.ReadableStream> {
    this.check(options);
    this.container(id);
    const tar = this.archives.get(`${id}:${path}`);
    if (!tar) throw new OrcaError('NOT_FOUND', `No path ${path} in container ${id}.`);
    return Readable.from([tar]);
  }

  async listImages(query: ImageQuery = {}, options: CallOptions = {}): Promise<ImageSummary[]> {
    this.check(options);
    if (query.dangling === true) return [];
    return [...this.images.entries()]
      .filter(([ref]) => query.reference === undefined || ref === query.reference)
      .map(([ref, image]) => ({
        id: image.id,
        tags: [ref],
        digests: image.digest ? [image.digest] : [],
        createdAt: new Date(0).toISOString(),
        sizeBytes: 0,
        labels: {},
        dangling: false,
        containers: [...this.containers.values()].filter((c) => c.image === ref).map((c) => ({ id: c.id, name: c.name, state: c.state })),
      }));
  }

  async removeImage(ref: string, options: CallOptions & { force?: boolean } = {}): Promise<ImageRemoval> {
    this.check(options);
    const image = this.images.get(ref);
    if (!image) throw new OrcaError('IMAGE_NOT_FOUND', `Image ${ref} is not present on the fake engine.`);
    const user = [...this.containers.values()].find((c) => c.image === ref);
    if (user && !options.force) throw new OrcaError('CONFLICT', `Conflict while removing image ${ref}: container ${user.id} is using its referenced image.`);
    this.images.delete(ref);
    this.calls.push(`rmi ${ref}`);
    return { untagged: [ref], deleted: [...this.images.values()].some((other) => other.id === image.id) ? [] : [image.id] };
  }

  async pruneImages(options: CallOptions = {}): Promise<ImagePruneResult> {
    this.check(options);
    return { untagged: [], deleted: [], reclaimedBytes: 0 };
  }

  async buildImage(context: BuildContext, options: BuildOptions = {}): Promise<BuildResult> {
    this.check(options);
    this.builds.push({ context, options });
    const imageId = `sha256:built-${this.builds.length}`;
    options.onProgress?.({ output: 'Step 1/1 : FROM fake', step: { current: 1, total: 1 } });
    options.onProgress?.({ output: `\nSuccessfully built ${imageId.slice(7)}\n` });
    for (const tag of options.tags ?? []) this.images.set(tag, { id: imageId, digest: null });
    return { imageId, tags: [...(options.tags ?? [])], contextBytes: 'directory' in context ? 0 : null };
  }

  private emit(output: NonNullable<FakeScript['output']>, handlers: OutputHandlers): void {
    for (const { stream, data } of output) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      if (stream === 'stdout') handlers.onStdout(chunk);
      else handlers.onStderr(chunk);
    }
  }

  private check(options: CallOptions = {}): void {
    if (this.failure) throw this.failure;
    if (options.signal?.aborted) throw new OrcaError('CANCELLED', 'Cancelled.');
  }

  private container(id: string): ContainerSummary {
    const container = this.containers.get(id);
    if (!container) throw new OrcaError('CONTAINER_NOT_FOUND', `No container "${id}".`);
    return container;
  }

  /** Containers added with {@link add} get a run on first use, from their state (and `Exited (N)` status). */
  private run(id: string): FakeRun {
    let run = this.runs.get(id);
    if (!run) {
      const { state, status } = this.container(id);
      const ended = state !== 'created' && state !== 'running';
      const exitCode = ended ? Number(/\((\d+)\)/.exec(status)?.[1] ?? 0) : null;
      run = { script: { hang: true }, started: state !== 'created', exitCode, exited: [] };
      this.runs.set(id, run);
    }
    return run;
  }

  private exit(id: string, code: number): void {
    const run = this.run(id);
    run.exitCode = code;
    this.setState(id, 'exited', `Exited (${code})`);
    for (const notify of run.exited.splice(0)) notify();
  }

  private setState(id: string, state: string, status: string): void {
    const container = this.container(id);
    this.containers.set(id, { ...container, state, status });
  }

  /** Resolves at once unless the container is running; rejects `CANCELLED` on abort. */
  private untilExit(run: FakeRun, signal: AbortSignal | undefined): Promise<void> {
    if (!run.started || run.exitCode !== null) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = run.exited.indexOf(done);
        if (index >= 0) run.exited.splice(index, 1);
        reject(new OrcaError('CANCELLED', 'Cancelled.'));
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      run.exited.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

type LogOptions = CallOptions & ContainerLogOptions;

/** Output as the engine's log keeps it: one entry per line, in order across both streams. */
function logLines(output: NonNullable<FakeScript['output']>, options: LogOptions): Array<{ stream: 'stdout' | 'stderr'; data: Buffer }> {
  const lines = output.flatMap(({ stream, data }) =>
    (typeof data === 'string' ? data : data.toString('utf8')).split(/(?<=\n)/).filter((line) => line !== '').map((line) => ({ stream, line })),
  );
  const tail = options.tail;
  // As the engine: a tail that is not a whole number of lines (negative, fractional) means all of them.
  const kept = tail === undefined || !Number.isInteger(tail) || tail < 0 ? lines : tail === 0 ? [] : lines.slice(-tail);
  return kept.map(({ stream, line }) => ({ stream, data: Buffer.from(options.timestamps ? `${LOG_TIME} ${line}` : line) }));
}
