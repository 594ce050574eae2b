import { z } from 'zod';

/**
 * The outputs the sandbox tools publish (orcaops_list_sandboxes, orcaops_get_sandbox, orcaops_start_sandbox,
 * orcaops_stop_sandbox). They live in the contract tier so that the sandboxes plugin declares them and the TUI reads
 * them through the same schemas: a change here changes both, and the catalog snapshot in libs/mcp-host shows it.
 */

/** A sandbox's overall state as the engine reports it. */
export const SandboxState = z
  .enum(['stopped', 'starting', 'running', 'unhealthy', 'partial', 'exited'])
  .describe('stopped: no containers; starting: health checks pending; running: all up (and healthy); unhealthy; partial: some services down; exited.');

/** A registered sandbox, as the registry holds it. */
export const SandboxEntryView = z.object({
  name: z.string(),
  project: z.string().describe('Compose project name.'),
  template: z.string().nullable().describe('Template it was created from; null for a registered compose project.'),
  directory: z.string(),
  compose_file: z.string().describe('Relative to the directory.'),
  created_at: z.string(),
});

/** One container of a sandbox's service. */
export const SandboxContainerView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  status: z.string(),
  health: z.string().nullable(),
  ports: z.array(z.string()).describe('As docker ps shows them, e.g. 127.0.0.1:8080->80/tcp.'),
});

/** A sandbox with its services, their containers, and the endpoints published to the host. */
export const SandboxView = SandboxEntryView.extend({
  status: SandboxState,
  services: z.array(z.object({ name: z.string(), containers: z.array(SandboxContainerView) })),
  endpoints: z
    .array(z.object({ service: z.string(), container_port: z.number(), address: z.string().describe('host:port to connect to from this machine.') }))
    .describe('Published ports, reachable from the host.'),
});

/** orcaops_get_sandbox's (and orcaops_start_sandbox's) output: the view, with what fitting it to the reply budget left out. */
export const FittedSandboxView = SandboxView.extend({
  containers_omitted: z.number().describe('Containers left out of services (the last ones, in service order) to keep the reply within its budget.'),
  endpoints_omitted: z.number().describe('Endpoints left out (the last ones) to keep the reply within its budget.'),
});

/** A row of orcaops_list_sandboxes. */
export const SandboxRow = SandboxEntryView.extend({
  status: z.union([SandboxState, z.literal('unknown')]).describe('unknown when the engine could not be asked.'),
  running: z.number().describe('Running containers.'),
  containers: z.number(),
  problems: z.array(z.string()).optional().describe('With validate: what is wrong with the directory or compose file.'),
});

/** orcaops_list_sandboxes's output: one page of sandboxes. */
export const ListSandboxesOutput = z.object({
  sandboxes: z.array(SandboxRow),
  count: z.number().describe('Sandboxes on this page.'),
  total: z.number().describe('Registered sandboxes in all.'),
  next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
  engine_error: z.string().nullable().describe('Why states are unknown, when the engine could not be asked.'),
});

/** orcaops_stop_sandbox's output. */
export const StopSandboxOutput = z.object({ sandbox: SandboxEntryView, containers_removed: z.number(), volumes_removed: z.boolean() });
