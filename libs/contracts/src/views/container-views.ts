import { z } from 'zod';

/**
 * The outputs the container tools publish as far as the TUI reads them (orcaops_list_containers,
 * orcaops_get_container_stats, orcaops_get_container_logs, orcaops_stop_container, orcaops_remove_container). They
 * live in the contract tier so that the containers plugin declares them and the TUI reads them through the same
 * schemas; the catalog snapshot in libs/mcp-host shows any change.
 */

/** Ports as the container tools print them. */
export const ContainerPorts = z
  .array(z.string())
  .describe('Ports as Docker prints them: "127.0.0.1:8080->80/tcp" (published: host address and port -> container port), "80/tcp" (exposed only).');

/** A row of orcaops_list_containers. */
export const ContainerRow = z.object({
  id: z.string().describe('12-character short id; every container tool accepts it (or the name).'),
  name: z.string(),
  image: z.string(),
  state: z.string().describe('created, running, paused, restarting, removing, exited or dead.'),
  status: z.string().describe('The engine\'s status line, e.g. "Up 5 minutes" or "Exited (1) 2 hours ago".'),
  health: z.enum(['starting', 'healthy', 'unhealthy']).nullable().describe('Health check verdict; null when the container has none.'),
  ports: ContainerPorts,
  created_at: z.string().describe('ISO 8601.'),
  managed: z.boolean().describe('Created by OrcaOps (carries the org.orcaops.managed=true label).'),
});

/** orcaops_list_containers's output: one page of containers. */
export const ListContainersOutput = z.object({
  containers: z.array(ContainerRow),
  total: z.number().describe('Containers that matched, before paging.'),
  next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
  truncated: z.boolean().describe('True when matches after this page were left out (next_offset is not null).'),
});

/** A row of orcaops_get_container_stats: one reading of a container's resource use, as `docker stats` shows it. */
export const ContainerStatsRow = z.object({
  id: z.string().describe('12-character short id.'),
  name: z.string(),
  cpu_percent: z.number().describe('CPU over a one-second sample, in percent of one CPU (two busy CPUs: 200).'),
  memory_bytes: z.number().describe('Memory in use, less reclaimable page cache.'),
  memory_limit_bytes: z.number().describe('The container\'s limit, or the host\'s memory when it has none.'),
  memory_percent: z.number().describe('memory_bytes of memory_limit_bytes, in percent.'),
  pids: z.number(),
  network_rx_bytes: z.number().describe('Received, over all its networks, since it started.'),
  network_tx_bytes: z.number().describe('Sent, over all its networks, since it started.'),
});

/** orcaops_get_container_stats's output: one page of readings. */
export const ContainerStatsOutput = z.object({
  containers: z.array(ContainerStatsRow),
  total: z.number().describe('Containers to read, before paging.'),
  next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
  truncated: z.boolean().describe('True when containers after this page were left out (next_offset is not null).'),
});

/** One line of orcaops_get_container_logs. */
export const ContainerLogLine = z.object({
  stream: z.enum(['stdout', 'stderr']),
  text: z.string().describe('The line without its newline, as text: escape sequences removed, other control characters and invalid UTF-8 as U+FFFD.'),
  timestamp: z.string().optional().describe('When the engine logged the line (RFC 3339, nanoseconds); only with timestamps=true.'),
});

/** orcaops_get_container_logs's output. */
export const ContainerLogsOutput = z.object({
  id: z.string().describe('12-character short id.'),
  name: z.string(),
  state: z.string().describe('The container\'s state when the log was read.'),
  tail: z.number(),
  since: z.string().nullable().describe('The start time used (ISO 8601), or null when the log was read without one.'),
  lines: z.array(ContainerLogLine).describe('Oldest first, stdout and stderr interleaved in the order the engine logged them.'),
  bytes: z.number().describe('Log bytes the lines stand for (as the engine sent them).'),
  replaced: z.number().describe('Escape sequences removed and characters shown as U+FFFD over all lines (0: the lines are exactly the log\'s bytes).'),
  truncated: z.boolean().describe('True when max_bytes or the reply budget dropped older lines (or the start of an over-long line).'),
});

/** orcaops_stop_container's output. */
export const StopContainerOutput = z.object({
  id: z.string().describe('12-character short id.'),
  name: z.string(),
  was_running: z.boolean().describe('True when it was running (or paused or restarting) before the call.'),
  previous_state: z.string(),
  state: z.string().describe('State after the call, normally exited.'),
  exit_code: z.number().nullable(),
});

/** orcaops_remove_container's output. */
export const RemoveContainerOutput = z.object({
  id: z.string().describe('12-character short id of the removed container.'),
  name: z.string(),
  removed: z.boolean(),
  was_running: z.boolean().describe('True when force killed a running (or paused) container.'),
  previous_state: z.string(),
  volumes_removed: z.boolean().describe('True when anonymous volumes were removed with it.'),
});
