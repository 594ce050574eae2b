import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { homedir } from 'node:os';
import type Dockerode from 'dockerode';
import {
  OrcaError,
  type BuildContext,
  type BuildOptions,
  type BuildResult,
  type CallOptions,
  type ContainerCreateSpec,
  type ContainerDetails,
  type ContainerQuery,
  type ContainerStateInfo,
  type ContainerStats,
  type ContainerSummary,
  type DockerEndpoint,
  type DockerService,
  type EngineInfo,
  type ExecSpec,
  type ImageInfo,
  type ImagePruneResult,
  type ImageQuery,
  type ImageRemoval,
  type ImageSummary,
  type Logger,
  type OutputHandlers,
  type PullProgress,
} from '@orcaops/plugin-api';
import { clientOptionsFor } from './connection/client-options.js';
import { installDeadlines, resolveTimeouts, type DialingModem, type EngineTimeouts } from './connection/deadlines.js';
import { resolveEndpoint, type EndpointSettings } from './connection/resolve-endpoint.js';
import { isUnreachable, mapDockerError, type ErrorContext } from './map-docker-error.js';
import * as archives from './operations/archives.js';
import { buildImage } from './operations/build.js';
import * as containers from './operations/containers.js';
import { describeContainer } from './operations/describe.js';
import * as engine from './operations/engine.js';
import { execInContainer } from './operations/exec.js';
import * as images from './operations/images.js';
import { attachOutput, streamLogs, type LogOptions } from './operations/logs.js';
import { containerStats } from './operations/stats.js';

interface Connection {
  readonly endpoint: DockerEndpoint;
  readonly client: Dockerode;
  /** This connection's own keep-alive agent (none over ssh), so that {@link DockerodeService.close} can end its sockets. */
  readonly agent: HttpAgent | null;
}

/** Where the engine is and how long it has to answer. */
export interface DockerSettings extends EndpointSettings {
  /** Per kind of request; unset kinds keep the defaults (`DEFAULT_TIMEOUTS`). */
  readonly timeouts?: Partial<EngineTimeouts> | undefined;
}

/** What a container id or name may look like; anything else would end up in the engine's URL path. */
const CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * What an image reference or id may look like (the reference grammar: `[host[:port]/]path[:tag][@digest]`, path
 * components lower case); anything else, `..` for one, would end up in the engine's URL path.
 */
const IMAGE_REF =
  /^(?:(?:sha256:)?[a-f0-9]{12,64}|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?)$/;

/**
 * {@link DockerService} over dockerode: a thin class that owns the connection and maps every failure once, with
 * the call's context ({@link call}); the calls themselves live in `operations/`. dockerode is imported on first
 * use so that start-up (and `tools/list`) never pays for it. The connection is resolved lazily and forgotten when
 * the engine stops answering, so the next call looks again: the server keeps running while Docker is down and
 * recovers when it comes back. Every request has a deadline (`connection/deadlines.ts`), so an engine that accepts
 * connections but never answers gives `DOCKER_UNAVAILABLE` instead of a call that hangs.
 */
export class DockerodeService implements DockerService {
  private connection: Promise<Connection> | null = null;
  /** Set by {@link close}: the host is shutting down, and nothing may open a new engine connection. */
  private closed = false;

  constructor(
    private readonly settings: DockerSettings,
    private readonly log: Logger,
  ) {}

  ping(options: CallOptions = {}): Promise<void> {
    return this.call({ action: 'pinging the engine' }, (client) => engine.ping(client, options.signal));
  }

  info(options: CallOptions = {}): Promise<EngineInfo> {
    return this.call({ action: 'reading engine info' }, (client, endpoint) => engine.info(client, endpoint, options.signal));
  }

  listContainers(query: ContainerQuery = {}, options: CallOptions = {}): Promise<ContainerSummary[]> {
    return this.call({ action: 'listing containers' }, (client) => containers.listContainers(client, query, options.signal));
  }

  removeContainer(id: string, options: CallOptions & { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    return this.call({ action: `removing container ${id}`, containerId: id }, (client) => containers.removeContainer(client, id, options, options.signal));
  }

  inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInfo | null> {
    return this.call({ action: `inspecting image ${ref}`, image: ref }, (client) => images.inspectImage(client, ref, options.signal));
  }

  pullImage(ref: string, options: CallOptions & { onProgress?: (event: PullProgress) => void } = {}): Promise<ImageInfo> {
    return this.call({ action: `pulling image ${ref}`, pull: ref }, async (client) => {
      await images.pullImage(client, ref, options.onProgress, options.signal);
      const image = await images.inspectImage(client, ref, options.signal);
      if (!image) throw new OrcaError('IMAGE_PULL_FAILED', `The pull of ${ref} ended without error, but the image is not on the engine.`);
      return image;
    });
  }

  createContainer(spec: ContainerCreateSpec, options: CallOptions = {}): Promise<string> {
    return this.call({ action: `creating a container from ${spec.image}`, image: spec.image }, (client) => containers.createContainer(client, spec, options.signal));
  }

  startContainer(id: string, options: CallOptions = {}): Promise<void> {
    return this.call({ action: `starting container ${id}`, containerId: id }, (client) => containers.startContainer(client, id, options.signal));
  }

  inspectContainer(id: string, options: CallOptions = {}): Promise<ContainerStateInfo> {
    return this.call({ action: `inspecting container ${id}`, containerId: id }, (client) => containers.inspectContainer(client, id, options.signal));
  }

  describeContainer(id: string, options: CallOptions & { raw?: boolean } = {}): Promise<ContainerDetails> {
    return this.call({ action: `describing container ${id}`, containerId: id }, (client) => describeContainer(client, id, options.raw ?? false, options.signal));
  }

  containerStats(id: string, options: CallOptions = {}): Promise<ContainerStats> {
    return this.call({ action: `reading the stats of container ${id}`, containerId: id }, (client) => containerStats(client, id, options.signal));
  }

  /** A container that is not running (or paused) answers 409: `CONFLICT`, saying so. */
  exec(id: string, spec: ExecSpec, handlers: OutputHandlers, options: CallOptions = {}): Promise<number> {
    return this.call({ action: `running a command in container ${id}`, containerId: id }, (client) => execInContainer(client, id, spec, handlers, options.signal));
  }

  waitContainer(id: string, options: CallOptions = {}): Promise<number> {
    return this.call({ action: `waiting for container ${id}`, containerId: id }, (client) => containers.waitContainer(client, id, options.signal));
  }

  /** A container that is not running (409) is not an error. */
  killContainer(id: string, options: CallOptions & { killSignal?: string } = {}): Promise<void> {
    return this.call({ action: `killing container ${id}`, containerId: id }, (client) =>
      containers.killContainer(client, id, options.killSignal ?? 'SIGKILL', options.signal),
    );
  }

  stopContainer(id: string, options: CallOptions & { timeoutSeconds?: number } = {}): Promise<void> {
    return this.call({ action: `stopping container ${id}`, containerId: id }, (client) => containers.stopContainer(client, id, options.timeoutSeconds, options.signal));
  }

  /** Rejects with `CANCELLED` when the signal fires (after closing the stream). */
  async attachOutput(id: string, handlers: OutputHandlers, options: CallOptions = {}): Promise<{ done: Promise<void> }> {
    const action = `attaching to container ${id}`;
    const attached = await this.call({ action, containerId: id }, (client) => attachOutput(client, id, handlers, options.signal));
    // Failures after the attach was accepted get the same mapping as the call itself.
    return { done: attached.done.catch((error: unknown) => this.call({ action, containerId: id }, () => Promise.reject(error))) };
  }

  streamLogs(id: string, handlers: OutputHandlers, options: LogOptions = {}): Promise<void> {
    return this.call({ action: `reading the logs of container ${id}`, containerId: id }, (client) => streamLogs(client, id, handlers, options));
  }

  putArchive(id: string, directory: string, tar: NodeJS.ReadableStream | Buffer, options: CallOptions = {}): Promise<void> {
    return this.call({ action: `copying into ${directory} of container ${id}`, containerId: id, path: directory }, (client) =>
      archives.putArchive(client, id, directory, tar, options.signal),
    );
  }

  getArchive(id: string, path: string, options: CallOptions = {}): Promise<NodeJS.ReadableStream> {
    return this.call({ action: `copying ${path} out of container ${id}`, containerId: id, path }, (client) => archives.getArchive(client, id, path, options.signal));
  }

  listImages(query: ImageQuery = {}, options: CallOptions = {}): Promise<ImageSummary[]> {
    return this.call({ action: 'listing images' }, (client) => images.listImages(client, query, options.signal));
  }

  removeImage(ref: string, options: CallOptions & { force?: boolean; noPrune?: boolean } = {}): Promise<ImageRemoval> {
    if (!IMAGE_REF.test(ref)) return Promise.reject(new OrcaError('VALIDATION_ERROR', `${JSON.stringify(ref.slice(0, 300))} is not an image reference or id.`));
    return this.call({ action: `removing image ${ref}`, image: ref }, (client) => images.removeImage(client, ref, options, options.signal));
  }

  pruneImages(options: CallOptions & { labels?: Readonly<Record<string, string | true>> } = {}): Promise<ImagePruneResult> {
    return this.call({ action: 'pruning dangling images' }, (client) => images.pruneImages(client, options.labels, options.signal));
  }

  buildImage(context: BuildContext, options: BuildOptions = {}): Promise<BuildResult> {
    const what = 'directory' in context ? ` from ${context.directory}` : '';
    return this.call({ action: `building an image${what}` }, (client) => buildImage(client, context, options));
  }

  /**
   * Where this service reaches the engine (resolved on first use, as for any call). Not part of
   * {@link DockerService}: for tools that must talk to the same engine by other means, e.g. the compose CLI
   * through `DOCKER_HOST`.
   */
  async endpoint(options: CallOptions = {}): Promise<DockerEndpoint> {
    if (options.signal?.aborted) throw new OrcaError('CANCELLED', 'Cancelled while resolving the Docker endpoint.');
    return (await this.connect()).endpoint;
  }

  private async call<T>(context: Omit<ErrorContext, 'endpoint'>, fn: (client: Dockerode, endpoint: DockerEndpoint) => Promise<T>): Promise<T> {
    if (context.containerId !== undefined && !CONTAINER_REF.test(context.containerId)) {
      throw new OrcaError('CONTAINER_NOT_FOUND', `"${context.containerId}" is not a container id or name.`);
    }
    const connection = await this.connect();
    try {
      return await fn(connection.client, connection.endpoint);
    } catch (error) {
      if (isUnreachable(error)) this.connection = null;
      const mapped = mapDockerError(error, { ...context, endpoint: connection.endpoint });
      this.log.debug('docker call failed', { action: context.action, code: mapped.code, cause: String(error) });
      throw mapped;
    }
  }

  private connect(): Promise<Connection> {
    if (this.closed) {
      return Promise.reject(
        new OrcaError('DOCKER_UNAVAILABLE', 'OrcaOps is shutting down: the engine connection is closed.', { suggestion: 'Call again once OrcaOps has restarted.' }),
      );
    }
    if (!this.connection) {
      const pending = this.openConnection();
      this.connection = pending;
      // A failed resolution must not be memoised, or the server would never see an engine that starts later.
      pending.catch(() => {
        if (this.connection === pending) this.connection = null;
      });
    }
    return this.connection;
  }

  private async openConnection(): Promise<Connection> {
    const endpoint = await resolveEndpoint(this.settings);
    const { default: DockerodeClass } = await import('dockerode');
    const options = clientOptionsFor(endpoint.address, this.settings.env, this.settings.homeDir ?? homedir());
    this.log.debug('docker endpoint', { address: endpoint.address, source: endpoint.source });
    const agent = options.protocol === 'ssh' ? null : options.protocol === 'https' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const client = new DockerodeClass({ ...options, ...(agent ? { agent } : {}) });
    // The published types describe dial's overloads, not the one shape every call actually uses.
    installDeadlines(client.modem as unknown as DialingModem, resolveTimeouts(this.settings.timeouts));
    return { endpoint, client, agent };
  }

  /**
   * Ends the engine connection's sockets (keep-alive and streams), so that a host can exit without forcing it.
   * For shutdown: later calls fail with `DOCKER_UNAVAILABLE` instead of connecting again.
   */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connection;
    this.connection = null;
    const connection = await pending?.catch(() => null);
    connection?.agent?.destroy();
  }
}
