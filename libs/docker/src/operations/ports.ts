import type { PortBinding } from '@orcaops/plugin-api';

/** A row of `Ports` in the engine's container list; `IP`/`PublicPort` are absent for a port that is not published. */
export interface ListedPort {
  readonly IP?: string;
  readonly PrivatePort: number;
  readonly PublicPort?: number;
  readonly Type: string;
}

/** `NetworkSettings.Ports` of an inspect: `"80/tcp"` → host bindings, or null when only exposed. */
export type InspectedPorts = Readonly<Record<string, ReadonlyArray<{ readonly HostIp?: string; readonly HostPort?: string }> | null>> | null | undefined;

export function portsFromList(rows: readonly ListedPort[] | null | undefined): PortBinding[] {
  return dedupe(
    (rows ?? []).map((row) => binding(row.PrivatePort, row.Type, row.IP, row.PublicPort)),
  );
}

export function portsFromInspect(ports: InspectedPorts): PortBinding[] {
  const bindings: PortBinding[] = [];
  for (const [key, hosts] of Object.entries(ports ?? {})) {
    const [port = '', protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (!Number.isInteger(containerPort)) continue;
    if (!hosts?.length) bindings.push(binding(containerPort, protocol));
    for (const host of hosts ?? []) bindings.push(binding(containerPort, protocol, host.HostIp, host.HostPort === undefined ? undefined : Number(host.HostPort)));
  }
  return dedupe(bindings);
}

function binding(containerPort: number, protocol: string, hostIp?: string, hostPort?: number): PortBinding {
  const published = hostPort !== undefined && Number.isInteger(hostPort) && hostPort > 0;
  return published ? { containerPort, protocol, hostIp: hostIp || '0.0.0.0', hostPort } : { containerPort, protocol };
}

/**
 * The engine reports one published port once per address family (`0.0.0.0` and `::`, each with the same host
 * port), which reads as two bindings. Entries that differ only in the family collapse into one, the IPv4 one;
 * entries that differ in more (another host port, a specific interface) are kept. Sorted, so that the order does
 * not depend on the engine's.
 */
function dedupe(bindings: readonly PortBinding[]): PortBinding[] {
  const kept = new Map<string, PortBinding>();
  for (const entry of bindings) {
    const key = `${entry.containerPort}/${entry.protocol}|${entry.hostPort ?? ''}|${familyless(entry.hostIp)}`;
    const previous = kept.get(key);
    if (!previous || (isIpv6(previous.hostIp) && !isIpv6(entry.hostIp))) kept.set(key, entry);
  }
  return [...kept.values()].sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      (a.hostPort ?? 0) - (b.hostPort ?? 0) ||
      (a.hostIp ?? '').localeCompare(b.hostIp ?? ''),
  );
}

/** The same address in either family: any interface, or loopback. */
function familyless(ip: string | undefined): string {
  if (ip === undefined) return '';
  if (ip === '0.0.0.0' || ip === '::') return 'any';
  if (ip === '127.0.0.1' || ip === '::1') return 'loopback';
  return ip;
}

function isIpv6(ip: string | undefined): boolean {
  return ip?.includes(':') ?? false;
}
