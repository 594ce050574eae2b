import type { DockerService } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';
import { MemorySecrets, silentLogger } from '@orcaops/testing';
import type { JobRuntime } from '../engine/job-execution.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

/**
 * A job runtime for tests: a silent log, the real clock, the default confinement, test secrets, inputs from
 * `inputRoot`, and roomy limits; `overrides` replace single fields.
 */
export function testJobRuntime(base: { readonly docker: DockerService; readonly store: RunStore; readonly inputRoot: string }, overrides: Partial<JobRuntime> = {}): JobRuntime {
  return {
    docker: base.docker,
    store: base.store,
    log: silentLogger,
    now: () => new Date(),
    artifactLimits: { maxFileBytes: 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024, maxCount: 1000 },
    inputPolicy: { allowedRoots: [base.inputRoot], maxBytes: 10 * 1024 * 1024 },
    security: DEFAULT_JOB_SECURITY,
    secrets: new MemorySecrets(),
    ...overrides,
  };
}
