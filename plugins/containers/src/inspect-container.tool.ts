import { z } from 'zod';
import { LABELS, defineTool, type ContainerDetails, type DockerService } from '@orcaops/plugin-api';
import { formatPorts } from '@orcaops/contracts';
import { ContainerRef, PortsField, engineRef, shortId } from './container-views.js';

const Details = z.object({
  id: z.string().describe('12-character short id.'),
  full_id: z.string(),
  name: z.string(),
  image: z.string().describe('The image as the container was created from it (name:tag).'),
  image_id: z.string(),
  state: z.string(),
  running: z.boolean(),
  exit_code: z.number().nullable().describe('Exit code once the container has exited, else null.'),
  error: z.string().nullable().describe('The engine\'s error when the container failed to start.'),
  oom_killed: z.boolean().describe('True when the kernel killed it for running out of memory.'),
  health: z
    .object({ status: z.enum(['starting', 'healthy', 'unhealthy']), failing_streak: z.number(), last_output: z.string().nullable() })
    .nullable()
    .describe('Health check state; null when the container has none.'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  restart_count: z.number(),
  restart_policy: z.string().describe('no, always, on-failure or unless-stopped.'),
  command: z.array(z.string()).describe('Entrypoint and command, as the container runs them.'),
  ports: PortsField,
  mounts: z.array(z.object({ type: z.string(), source: z.string(), destination: z.string(), read_only: z.boolean() })),
  networks: z.array(z.object({ name: z.string(), ip_address: z.string().nullable(), aliases: z.array(z.string()) })),
  labels: z.record(z.string(), z.string()),
  managed: z.boolean().describe('Created by OrcaOps (org.orcaops.managed=true).'),
  limits: z
    .object({
      cpus: z.number().nullable().describe('CPUs (e.g. 1.5); null when unlimited.'),
      memory_bytes: z.number().nullable().describe('null when unlimited.'),
      pids: z.number().nullable().describe('Process limit; null when unlimited.'),
    })
    .describe('Resource limits.'),
  raw: z.unknown().optional().describe('The engine\'s full inspect document, only with raw=true.'),
});

/** `orcaops_inspect_container`: a curated inspect, and the engine's document on request. */
export function createInspectContainerTool(docker: DockerService) {
  return defineTool({
    name: 'orcaops_inspect_container',
    title: 'Inspect a container',
    category: 'containers',
    http: { method: 'GET', path: '/containers/{container_id}' },
    description:
      'Returns a container\'s state, exit code, health, ports, mounts, networks and limits: why it exited, how it is wired. ' +
      'raw=true adds the engine\'s full document (large).',
    input: z.object({
      container_id: ContainerRef,
      raw: z.boolean().default(false),
    }),
    output: Details,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    run: async ({ container_id, raw }, ctx) => toDetails(await docker.describeContainer(engineRef(container_id), { raw, signal: ctx.signal }), raw),
  });
}

function toDetails(details: ContainerDetails, raw: boolean): z.input<typeof Details> {
  return {
    id: shortId(details.id),
    full_id: details.id,
    name: details.name,
    image: details.image,
    image_id: details.imageId,
    state: details.state,
    running: details.running,
    exit_code: details.exitCode,
    error: details.error,
    oom_killed: details.oomKilled,
    health: details.health && { status: details.health.status, failing_streak: details.health.failingStreak, last_output: details.health.lastOutput },
    created_at: details.createdAt,
    started_at: details.startedAt,
    finished_at: details.finishedAt,
    restart_count: details.restartCount,
    restart_policy: details.restartPolicy,
    command: [...details.command],
    ports: formatPorts(details.ports),
    mounts: details.mounts.map((mount) => ({ type: mount.type, source: mount.source, destination: mount.destination, read_only: mount.readOnly })),
    networks: details.networks.map((network) => ({ name: network.name, ip_address: network.ipAddress, aliases: [...network.aliases] })),
    labels: { ...details.labels },
    managed: details.labels[LABELS.managed] === 'true',
    limits: {
      cpus: details.limits.nanoCpus > 0 ? details.limits.nanoCpus / 1e9 : null,
      memory_bytes: details.limits.memoryBytes > 0 ? details.limits.memoryBytes : null,
      pids: details.limits.pidsLimit > 0 ? details.limits.pidsLimit : null,
    },
    ...(raw ? { raw: details.raw ?? null } : {}),
  };
}
