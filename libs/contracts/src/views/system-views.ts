import { z } from 'zod';

/**
 * The part of orcaops_system_info's output that says whether the Docker engine answers. Declared here, and used by
 * the system plugin, so that the TUI's dashboard reads the engine's state through the schema the tool publishes.
 */

const ErrorShape = z.object({ code: z.string(), message: z.string(), suggestion: z.string() });

/** orcaops_system_info's `docker`: the engine's facts when it answered, else why not. */
export const DockerFacts = z.object({
  available: z.boolean().describe('True when the engine answered.'),
  endpoint: z.object({ address: z.string(), source: z.string() }).optional(),
  server_version: z.string().optional(),
  api_version: z.string().optional(),
  os: z.string().optional(),
  os_type: z.string().optional(),
  architecture: z.string().optional(),
  kernel_version: z.string().optional(),
  cpus: z.number().optional(),
  memory_bytes: z.number().optional(),
  storage_driver: z.string().optional(),
  containers: z.object({ total: z.number(), running: z.number(), paused: z.number(), stopped: z.number() }).optional(),
  images: z.number().optional(),
  error: ErrorShape.optional().describe('Why the engine could not be used, when available is false.'),
});

/** The slice of orcaops_system_info's output a reader of the engine's state needs (zod drops the rest). */
export const SystemInfoEngineView = z.object({ docker: DockerFacts });
