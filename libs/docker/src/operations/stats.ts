import type Dockerode from 'dockerode';
import type { ContainerStats } from '@orcaops/plugin-api';

/**
 * One stats reading over a dockerode client. `stream: false` without `one-shot` makes the engine sample twice, a
 * second apart, so that `precpu_stats` is filled and CPU use can be computed; the request is a plain GET, so the
 * read deadline (`connection/deadlines.ts`) bounds it like any inspect. Errors are left raw: the service maps them.
 */
export async function containerStats(client: Dockerode, id: string, signal: AbortSignal | undefined): Promise<ContainerStats> {
  const raw = await client.getContainer(id).stats({ stream: false, abortSignal: signal } as { stream: false });
  return toContainerStats(raw as RawStats, id);
}

/** The parts of the engine's document this module reads; any may be missing (a stopped container, cgroup v1 or v2). */
export interface RawStats {
  readonly id?: string;
  readonly name?: string;
  readonly cpu_stats?: RawCpu;
  readonly precpu_stats?: RawCpu;
  readonly memory_stats?: { readonly usage?: number; readonly limit?: number; readonly stats?: Readonly<Record<string, number>> };
  readonly pids_stats?: { readonly current?: number };
  readonly networks?: Readonly<Record<string, { readonly rx_bytes?: number; readonly tx_bytes?: number }>>;
}

interface RawCpu {
  readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
}

/** The engine's stats document as `docker stats` reads it (its CLI's formulas, Linux containers). */
export function toContainerStats(raw: RawStats, fallbackId: string): ContainerStats {
  const memory = usedMemory(raw.memory_stats);
  let rx = 0;
  let tx = 0;
  for (const network of Object.values(raw.networks ?? {})) {
    rx += network.rx_bytes ?? 0;
    tx += network.tx_bytes ?? 0;
  }
  return {
    id: raw.id ?? fallbackId,
    name: (raw.name ?? '').replace(/^\//, ''),
    cpuPercent: cpuPercent(raw),
    memoryBytes: memory,
    memoryLimitBytes: raw.memory_stats?.limit ?? 0,
    pids: raw.pids_stats?.current ?? 0,
    networkRxBytes: rx,
    networkTxBytes: tx,
  };
}

/** CPU time the container used over the sample, as a share of the host's, times the CPUs it could use. */
function cpuPercent(raw: RawStats): number {
  const now = raw.cpu_stats;
  const before = raw.precpu_stats;
  if (!now || !before) return 0;
  const container = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const system = (now.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  const cpus = now.online_cpus || now.cpu_usage?.percpu_usage?.length || 0;
  if (container <= 0 || system <= 0 || cpus === 0) return 0;
  return Math.round((container / system) * cpus * 100 * 100) / 100;
}

/**
 * Usage less the inactive page cache, which the kernel reclaims before it would kill the container: the figure
 * `docker stats` prints (cgroup v2 names it `inactive_file`, v1 `total_inactive_file`).
 */
function usedMemory(memory: RawStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const cache = stats['inactive_file'] ?? stats['total_inactive_file'] ?? 0;
  return cache < usage ? usage - cache : usage;
}
