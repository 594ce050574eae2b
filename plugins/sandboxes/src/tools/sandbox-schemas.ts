import { z } from 'zod';
import { type PortBinding } from '@orcaops/plugin-api';
import { formatPorts } from '@orcaops/contracts';
import type { SandboxEntry } from '../registry/sandbox-registry.js';
import type { SandboxView } from '../sandboxes.js';

export const SandboxStateSchema = z
  .enum(['stopped', 'starting', 'running', 'unhealthy', 'partial', 'exited'])
  .describe('stopped: no containers; starting: health checks pending; running: all up (and healthy); unhealthy; partial: some services down; exited.');

export const SandboxEntrySchema = z.object({
  name: z.string(),
  project: z.string().describe('Compose project name.'),
  template: z.string().nullable().describe('Template it was created from; null for a registered compose project.'),
  directory: z.string(),
  compose_file: z.string().describe('Relative to the directory.'),
  created_at: z.string(),
});

export const SandboxViewSchema = SandboxEntrySchema.extend({
  status: SandboxStateSchema,
  services: z.array(
    z.object({
      name: z.string(),
      containers: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          state: z.string(),
          status: z.string(),
          health: z.string().nullable(),
          ports: z.array(z.string()).describe('As docker ps shows them, e.g. 127.0.0.1:8080->80/tcp.'),
        }),
      ),
    }),
  ),
  endpoints: z
    .array(z.object({ service: z.string(), container_port: z.number(), address: z.string().describe('host:port to connect to from this machine.') }))
    .describe('Published ports, reachable from the host.'),
});

export function toEntryOutput(entry: SandboxEntry): z.infer<typeof SandboxEntrySchema> {
  return { name: entry.name, project: entry.project, template: entry.template, directory: entry.path, compose_file: entry.compose_file, created_at: entry.created_at };
}

export function toViewOutput(view: SandboxView): z.infer<typeof SandboxViewSchema> {
  const { status } = view;
  return {
    ...toEntryOutput(view),
    status: status.state,
    services: status.services.map((service) => ({
      name: service.name,
      containers: service.containers.map((c) => ({ id: c.id.slice(0, 12), name: c.name, state: c.state, status: c.status, health: c.health, ports: formatPorts(c.ports) })),
    })),
    endpoints: status.services.flatMap((service) =>
      service.containers.flatMap((c) =>
        c.ports.filter((port) => port.hostPort !== undefined).map((port) => ({ service: service.name, container_port: port.containerPort, address: hostAddress(port) })),
      ),
    ),
  };
}

/** An unspecified bind address is reachable on loopback. */
function hostAddress(port: PortBinding): string {
  const host = !port.hostIp || port.hostIp === '0.0.0.0' ? '127.0.0.1' : port.hostIp === '::' ? '[::1]' : port.hostIp;
  return `${host}:${port.hostPort}`;
}
