import type { PortBinding } from '@orcaops/plugin-api';

/** A port as Docker prints it: `127.0.0.1:8080->80/tcp` when published, `80/tcp` when only exposed. */
export function formatPort(port: PortBinding): string {
  const inside = `${port.containerPort}/${port.protocol}`;
  if (port.hostPort === undefined) return inside;
  const ip = port.hostIp ?? '';
  const host = ip === '' ? '' : ip.includes(':') ? `[${ip}]:` : `${ip}:`;
  return `${host}${port.hostPort}->${inside}`;
}

/** Every port once, published ones first (the engine lists IPv4 and IPv6 bindings and repeats exposed ports). */
export function formatPorts(ports: readonly PortBinding[]): string[] {
  const published = ports.filter((port) => port.hostPort !== undefined);
  const exposedOnly = ports.filter(
    (port) => port.hostPort === undefined && !published.some((other) => other.containerPort === port.containerPort && other.protocol === port.protocol),
  );
  return [...new Set([...published, ...exposedOnly].map(formatPort))];
}
