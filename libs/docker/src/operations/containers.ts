import type Dockerode from 'dockerode';
import { LABELS, type ContainerCreateSpec, type ContainerQuery, type ContainerStateInfo, type ContainerSummary, type HealthStatus } from '@orcaops/plugin-api';
import { toCreateBody } from './create-body.js';
import { portsFromList } from './ports.js';
import { succeedOn } from './status.js';

/** Container calls over a dockerode client. Errors are left raw: the service maps them once, with context. */

type Signal = AbortSignal | undefined;

export async function listContainers(client: Dockerode, query: ContainerQuery, signal: Signal): Promise<ContainerSummary[]> {
  const filters: Record<string, string[]> = {};
  if (query.labels) {
    filters['label'] = Object.entries(query.labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  }
  if (query.states?.length) filters['status'] = [...query.states];
  // The engine reads the value as a regular expression; escaped, it means "names containing this text".
  if (query.name) filters['name'] = [query.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
  const rows = await client.listContainers({ all: query.all ?? false, filters, abortSignal: signal } as Dockerode.ContainerListOptions);
  return rows.map(toSummary);
}

export async function removeContainer(client: Dockerode, id: string, options: { force?: boolean; volumes?: boolean }, signal: Signal): Promise<void> {
  await client.getContainer(id).remove({ force: options.force ?? false, v: options.volumes ?? false, abortSignal: signal });
}

export async function createContainer(client: Dockerode, spec: ContainerCreateSpec, signal: Signal): Promise<string> {
  // `_query`/`_body` keep the body out of the URL (dockerode otherwise copies every option into the query string,
  // environment values included).
  const query = spec.name === undefined ? {} : { name: spec.name };
  const options = { _query: query, _body: toCreateBody(spec), abortSignal: signal };
  const container = await client.createContainer(options as unknown as Dockerode.ContainerCreateOptions);
  return container.id;
}

/** 304 means "already started": not an error. */
export async function startContainer(client: Dockerode, id: string, signal: Signal): Promise<void> {
  await succeedOn(304, () => client.getContainer(id).start({ abortSignal: signal }));
}

export async function inspectContainer(client: Dockerode, id: string, signal: Signal): Promise<ContainerStateInfo> {
  return toStateInfo(await client.getContainer(id).inspect({ abortSignal: signal }));
}

export function toStateInfo(info: Dockerode.ContainerInspectInfo): ContainerStateInfo {
  const ended = info.State.Status === 'exited' || info.State.Status === 'dead';
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    state: info.State.Status,
    running: info.State.Running,
    exitCode: ended ? info.State.ExitCode : null,
    startedAt: timestamp(info.State.StartedAt),
    finishedAt: timestamp(info.State.FinishedAt),
    labels: info.Config.Labels ?? {},
  };
}

/**
 * Waits until the container is not running (the engine's default condition) and returns its exit code. A
 * container that was created but never started counts as not running, so call this after starting it.
 */
export async function waitContainer(client: Dockerode, id: string, signal: Signal): Promise<number> {
  const result = (await client.getContainer(id).wait({ abortSignal: signal } as Dockerode.ContainerWaitOptions)) as { StatusCode: number };
  return result.StatusCode;
}

/** 409 "is not running" means there is nothing to kill: not an error. */
export async function killContainer(client: Dockerode, id: string, killSignal: string, signal: Signal): Promise<void> {
  await succeedOn(409, () => client.getContainer(id).kill({ signal: killSignal, abortSignal: signal }), (message) => /is not running/i.test(message));
}

/** Grace period 10 s unless given; 304 means "already stopped": not an error. */
export async function stopContainer(client: Dockerode, id: string, timeoutSeconds: number | undefined, signal: Signal): Promise<void> {
  await succeedOn(304, () => client.getContainer(id).stop({ t: timeoutSeconds ?? 10, abortSignal: signal }));
}

/** The engine's zero time (`0001-01-01T00:00:00Z`) means "never". */
function timestamp(value: string | undefined): string | null {
  return !value || value.startsWith('0001-') ? null : value;
}

/** The list carries no health field: the verdict only appears in the status text, e.g. `Up 5 minutes (healthy)`. */
export function healthFromStatus(status: string | undefined): HealthStatus | null {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status ?? '');
  if (!match) return null;
  return match[1] === 'health: starting' ? 'starting' : (match[1] as HealthStatus);
}

export function toSummary(row: Dockerode.ContainerInfo): ContainerSummary {
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
    ports: portsFromList(row.Ports),
    health: healthFromStatus(row.Status),
  };
}
