import type { AnyToolDefinition, DockerService } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';
import { createContainerLogsTool, type ContainerLogsOptions } from './container-logs.tool.js';
import { createGetContainerStatsTool } from './get-container-stats.tool.js';
import { createInspectContainerTool } from './inspect-container.tool.js';
import { createListContainersTool } from './list-containers.tool.js';
import { createRemoveContainerTool } from './remove-container.tool.js';
import { createStopContainerTool } from './stop-container.tool.js';

/**
 * The six container tools, in the order a person meets them: find, watch, read, inspect, stop, remove. `runs` says
 * which jobs are still live, so that their containers are not removed under them.
 */
export function createContainerTools(docker: DockerService, options: ContainerLogsOptions, runs?: RunStore): AnyToolDefinition[] {
  return [
    createListContainersTool(docker),
    createGetContainerStatsTool(docker),
    createContainerLogsTool(docker, options),
    createInspectContainerTool(docker),
    createStopContainerTool(docker),
    createRemoveContainerTool(docker, runs),
  ];
}
