import type { DockerService } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';
import { silentLogger, MemorySecrets } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import { DEFAULT_JOB_SECURITY } from '../jobs-options.js';

/** A job engine over the given engine and store with small limits, one job at a time: for engine-level specs. */
export function fakeEngine(docker: DockerService, store: RunStore, inputRoot: string): JobEngine {
  return new JobEngine(
    {
      docker,
      store,
      log: silentLogger,
      now: () => new Date(),
      artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
      inputPolicy: { allowedRoots: [inputRoot], maxBytes: 1024 },
      security: DEFAULT_JOB_SECURITY,
      secrets: new MemorySecrets(),
    },
    { concurrency: 1, maxQueued: 1 },
  );
}
