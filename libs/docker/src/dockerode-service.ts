import { homedir } from 'node:os';
import type Dockerode from 'dockerode';
import {
  LABELS,
  type CallOptions,
  type ContainerQuery,
  type ContainerSummary,
  type DockerEndpoint,
  type DockerService,
  type EngineInfo,
  type Logger,
} from '@orcaops/plugin-api';
import { clientOptionsFor } from './connection/client-options.js';
import { resolveEndpoint, type EndpointSettings } from './connection/resolve-endpoint.js';
import { isUnreachable, mapDockerError } from './map-docker-error.js';

interface Connection {
  readonly endpoint: DockerEndpoint;
  readonly client: Dockerode;
}

/**
 * {@link DockerService} over dockerode. dockerode is imported on first use so that start-up (and `tools/list`)
 * never pays for it. The connection is resolved lazily and forgotten when the engine stops answering, so the
 * next call looks again: the server keeps running while Docker is down and recovers when it comes back.
 */
export class DockerodeService implements DockerService {
  private connection: Promise<Connection> | null = null;

  constructor(
    private readonly settings: EndpointSettings,
    private readonly log: Logger,
  ) {}

  async ping(options: CallOptions = {}): Promise<void> {
    await this.call('pinging the engine', undefined, (client) => engineCalls(client).ping({ abortSignal: options.signal }));
  }

  async info(options: CallOptions = {}): Promise<EngineInfo> {
    return this.call('reading engine info', undefined, async (client, endpoint) => {
      const [info, version] = await Promise.all([
        engineCalls(client).info({ abortSignal: options.signal }),
        engineCalls(client).version({ abortSignal: options.signal }),
      ]);
      return {
        endpoint,
        serverVersion: String(version.Version ?? info.ServerVersion ?? 'unknown'),
        apiVersion: String(version.ApiVersion ?? 'unknown'),
        os: String(info.OperatingSystem ?? version.Os ?? 'unknown'),
        osType: String(info.OSType ?? version.Os ?? 'unknown'),
        architecture: String(info.Architecture ?? version.Arch ?? 'unknown'),
        kernelVersion: String(info.KernelVersion ?? version.KernelVersion ?? 'unknown'),
        cpus: Number(info.NCPU ?? 0),
        memoryBytes: Number(info.MemTotal ?? 0),
        storageDriver: String(info.Driver ?? 'unknown'),
        containers: {
          total: Number(info.Containers ?? 0),
          running: Number(info.ContainersRunning ?? 0),
          paused: Number(info.ContainersPaused ?? 0),
          stopped: Number(info.ContainersStopped ?? 0),
        },
        images: Number(info.Images ?? 0),
      };
    });
  }

  async listContainers(query: ContainerQuery = {}, options: CallOptions = {}): Promise<ContainerSummary[]> {
    const filters: Record<string, string[]> = {};
    if (query.labels) {
      filters['label'] = Object.entries(query.labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
    }
    if (query.states?.length) filters['status'] = [...query.states];
    return this.call('listing containers', undefined, async (client) => {
      const rows = await client.listContainers({ all: query.all ?? false, filters, abortSignal: options.signal } as Dockerode.ContainerListOptions);
      return rows.map(toSummary);
    });
  }

  async removeContainer(id: string, options: CallOptions & { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.call(`removing container ${id}`, id, (client) =>
      client.getContainer(id).remove({ force: options.force ?? false, v: options.volumes ?? false, abortSignal: options.signal }),
    );
  }

  private async call<T>(action: string, containerId: string | undefined, fn: (client: Dockerode, endpoint: DockerEndpoint) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    try {
      return await fn(connection.client, connection.endpoint);
    } catch (error) {
      if (isUnreachable(error)) this.connection = null;
      const mapped = mapDockerError(error, { endpoint: connection.endpoint, action, ...(containerId ? { containerId } : {}) });
      this.log.debug('docker call failed', { action, code: mapped.code, cause: String(error) });
      throw mapped;
    }
  }

  private connect(): Promise<Connection> {
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
    return { endpoint, client: new DockerodeClass(options) };
  }
}

type RawEngineFacts = Record<string, string | number | undefined>;

/** dockerode accepts `abortSignal` on these calls, though its published types do not say so. */
interface AbortableEngineCalls {
  ping(options: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
  info(options: { abortSignal?: AbortSignal | undefined }): Promise<RawEngineFacts>;
  version(options: { abortSignal?: AbortSignal | undefined }): Promise<RawEngineFacts>;
}

function engineCalls(client: Dockerode): AbortableEngineCalls {
  return client as unknown as AbortableEngineCalls;
}

function toSummary(row: Dockerode.ContainerInfo): ContainerSummary {
  const labels = row.Labels ?? {};
  return {
    id: row.Id,
    name: (row.Names?.[0] ?? '').replace(/^\//, ''),
    image: row.Image,
    state: row.State,
    status: row.Status,
    createdAt: new Date(row.Created * 1000).toISOString(),
    labels,
    managed: labels[LABELS.managed] === 'true',
  };
}
