import { z } from 'zod';
import { type PortBinding } from '@orcaops/plugin-api';
import { formatPorts, SandboxEntryView as SandboxEntrySchema, SandboxState as SandboxStateSchema, SandboxView as SandboxViewSchema } from '@orcaops/contracts';
import type { SandboxEntry } from '../registry/sandbox-registry.js';
import type { SandboxView } from '../sandboxes.js';

/** The published schemas, under the names the plugin's tools use; they are declared in @orcaops/contracts. */
export { SandboxStateSchema, SandboxEntrySchema, SandboxViewSchema };

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
