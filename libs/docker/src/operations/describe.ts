import type Dockerode from 'dockerode';
import type { ContainerDetails, HealthStatus } from '@orcaops/plugin-api';
import { toStateInfo } from './containers.js';
import { portsFromInspect, type InspectedPorts } from './ports.js';

/** A health check's output can be long (the engine keeps up to 4 KiB per run); the start says what failed. */
const HEALTH_OUTPUT_LIMIT = 2048;

const HEALTH_STATUSES: ReadonlySet<string> = new Set<HealthStatus>(['starting', 'healthy', 'unhealthy']);

export async function describeContainer(client: Dockerode, id: string, raw: boolean, signal: AbortSignal | undefined): Promise<ContainerDetails> {
  return toContainerDetails(await client.getContainer(id).inspect({ abortSignal: signal }), raw);
}

/** The typings promise fields that the engine leaves out or sets to null (no health check, `PidsLimit`, `Aliases`). */
type Inspected = Dockerode.ContainerInspectInfo & {
  HostConfig: { NanoCpus?: number | null; Memory?: number | null; PidsLimit?: number | null; RestartPolicy?: { Name?: string } };
};

export function toContainerDetails(info: Dockerode.ContainerInspectInfo, raw = false): ContainerDetails {
  const inspected = info as Inspected;
  const host = inspected.HostConfig ?? {};
  return {
    ...toStateInfo(info),
    command: [...(info.Path ? [info.Path] : []), ...(info.Args ?? [])],
    createdAt: info.Created,
    oomKilled: info.State.OOMKilled ?? false,
    restartCount: info.RestartCount ?? 0,
    error: info.State.Error || null,
    health: healthOf(info.State.Health),
    ports: portsFromInspect(info.NetworkSettings?.Ports as InspectedPorts),
    mounts: (info.Mounts ?? []).map((mount) => ({
      type: mount.Type,
      source: mount.Type === 'volume' && mount.Name ? mount.Name : mount.Source,
      destination: mount.Destination,
      readOnly: !mount.RW,
    })),
    networks: Object.entries(info.NetworkSettings?.Networks ?? {}).map(([name, network]) => ({
      name,
      ipAddress: network.IPAddress || null,
      aliases: Array.isArray(network.Aliases) ? (network.Aliases as string[]) : [],
    })),
    limits: { nanoCpus: limit(host.NanoCpus), memoryBytes: limit(host.Memory), pidsLimit: limit(host.PidsLimit) },
    // The API leaves the name empty when the container was created without a policy; that is "no".
    restartPolicy: host.RestartPolicy?.Name || 'no',
    ...(raw ? { raw: info } : {}),
  };
}

function healthOf(health: Dockerode.ContainerInspectInfo['State']['Health']): ContainerDetails['health'] {
  if (!health || !HEALTH_STATUSES.has(health.Status)) return null;
  const last = health.Log?.at(-1);
  return { status: health.Status as HealthStatus, failingStreak: health.FailingStreak ?? 0, lastOutput: last ? cap((last.Output ?? '').trim()) : null };
}

function cap(text: string): string {
  return text.length <= HEALTH_OUTPUT_LIMIT ? text : `${text.slice(0, HEALTH_OUTPUT_LIMIT)}…`;
}

/** Unset, null and negative (`PidsLimit: -1` on some engines) all mean "unlimited", which the engine writes as 0. */
function limit(value: number | null | undefined): number {
  return typeof value === 'number' && value > 0 ? value : 0;
}
