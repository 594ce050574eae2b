import type { AnyToolDefinition, ComposeService, DockerService, HostInfo } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';
import { createCleanupContainersTool } from './cleanup-containers.tool.js';
import { createSystemInfoTool } from './system-info.tool.js';

/** What the system tools read. `runs` says which jobs are still live, so that cleanup leaves their containers alone. */
export interface SystemToolsDeps {
  readonly docker: DockerService;
  readonly compose: ComposeService;
  readonly host: HostInfo;
  readonly runs?: RunStore;
}

/** The system category: diagnostics and container cleanup. */
export function createSystemTools({ docker, compose, host, runs }: SystemToolsDeps): AnyToolDefinition[] {
  return [createSystemInfoTool({ docker, compose, host, runs }), createCleanupContainersTool(docker, runs)];
}
