import { inject, injectable } from 'inversify';
import { TOKENS, type AnyToolDefinition, type RunStore, type ToolProvider } from '@orcaops/plugin-api';
import { JobEngine } from './engine/job-engine.js';
import { createArtifactTools } from './tools/artifact-tools.js';
import { createLogTools } from './tools/log-tools.js';
import { createStatusTools } from './tools/status-tools.js';
import { createSubmitTools } from './tools/submit-tools.js';

/** Contributes the jobs category. */
@injectable()
export class JobsToolsProvider implements ToolProvider {
  constructor(
    @inject(JobEngine) private readonly engine: JobEngine,
    @inject(TOKENS.RunStore) private readonly store: RunStore,
  ) {}

  getTools(): readonly AnyToolDefinition[] {
    return [
      ...createSubmitTools(this.engine),
      ...createStatusTools(this.engine, this.store),
      ...createLogTools(this.engine, this.store),
      ...createArtifactTools(this.engine, this.store),
    ];
  }
}
