import { inject, injectable } from 'inversify';
import { TOKENS, type AnyToolDefinition, type Clock, type DockerService, type RunStore, type ToolProvider } from '@orcaops/plugin-api';
import { createContainerLogsTool, type ContainerLogsOptions } from './container-logs.tool.js';
import { createInspectContainerTool } from './inspect-container.tool.js';
import { createListContainersTool } from './list-containers.tool.js';
import { createRemoveContainerTool } from './remove-container.tool.js';
import { createStopContainerTool } from './stop-container.tool.js';

/** The five container tools, in the order a person meets them: find, read, inspect, stop, remove. */
export function createContainerTools(docker: DockerService, options: ContainerLogsOptions, runs?: RunStore): AnyToolDefinition[] {
  return [
    createListContainersTool(docker),
    createContainerLogsTool(docker, options),
    createInspectContainerTool(docker),
    createStopContainerTool(docker),
    createRemoveContainerTool(docker, runs),
  ];
}

/** Contributes the containers category: list, logs, inspect, stop and remove any container on the engine. */
@injectable()
export class ContainersToolsProvider implements ToolProvider {
  constructor(
    @inject(TOKENS.DockerService) private readonly docker: DockerService,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    /** Which jobs are still live, so that their containers are not removed under them. */
    @inject(TOKENS.RunStore) private readonly runs?: RunStore,
  ) {}

  getTools(): readonly AnyToolDefinition[] {
    return createContainerTools(this.docker, { now: () => this.clock.now() }, this.runs);
  }
}
