import { inject, injectable } from 'inversify';
import { TOKENS, type AnyToolDefinition, type ComposeService, type DockerService, type HostInfo, type RunStore, type ToolProvider } from '@orcaops/plugin-api';
import { createCleanupContainersTool } from './cleanup-containers.tool.js';
import { createSystemInfoTool } from './system-info.tool.js';

/** Contributes the system category: diagnostics and container cleanup. */
@injectable()
export class SystemToolsProvider implements ToolProvider {
  constructor(
    @inject(TOKENS.DockerService) private readonly docker: DockerService,
    @inject(TOKENS.ComposeService) private readonly compose: ComposeService,
    @inject(TOKENS.HostInfo) private readonly host: HostInfo,
    /** Which jobs are still live, so that cleanup leaves their containers alone. */
    @inject(TOKENS.RunStore) private readonly runs?: RunStore,
  ) {}

  getTools(): readonly AnyToolDefinition[] {
    return [createSystemInfoTool({ docker: this.docker, compose: this.compose, host: this.host }), createCleanupContainersTool(this.docker, this.runs)];
  }
}
