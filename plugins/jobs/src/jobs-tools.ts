import type { AnyToolDefinition } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';
import type { JobEngine } from './engine/job-engine.js';
import { createArtifactTools } from './tools/artifact-tools.js';
import { createLogTools } from './tools/log-tools.js';
import { createStatusTools } from './tools/status-tools.js';
import { createSubmitTools } from './tools/submit-tools.js';

/** The jobs category. */
export function createJobsTools(engine: JobEngine, store: RunStore): AnyToolDefinition[] {
  return [...createSubmitTools(engine), ...createStatusTools(engine, store), ...createLogTools(engine, store), ...createArtifactTools(engine, store)];
}
