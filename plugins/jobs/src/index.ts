import { resolve } from 'node:path';
import { defineBuiltinPlugin } from '@orcaops/contracts';
import { isLongLivedRole } from '@orcaops/plugin-api';
import { JobEngine } from './engine/job-engine.js';
import { JobsOptionsSchema, jobSecurity } from './jobs-options.js';
import { createJobsTools } from './jobs-tools.js';

/** The built-in jobs plugin: one-shot jobs in throwaway containers, kept as runs. */
export default defineBuiltinPlugin({
  id: 'jobs',
  description: 'Runs commands in throwaway containers with logs, artifacts and a durable record.',
  options: JobsOptionsSchema,
  setup: ({ services, options, log, host }) => {
    const engine = new JobEngine(
      {
        docker: services.docker,
        store: services.runStore,
        log,
        now: () => services.clock.now(),
        artifactLimits: { maxFileBytes: options.max_artifact_bytes, maxTotalBytes: options.max_artifacts_total_bytes, maxCount: options.max_artifacts },
        inputPolicy: {
          allowedRoots: options.input_roots.length > 0 ? options.input_roots.map((root) => resolve(root)) : [process.cwd()],
          maxBytes: options.max_input_bytes,
          neverCopied: [host.home],
        },
        security: jobSecurity(options),
        secrets: services.secrets,
      },
      { concurrency: options.concurrency, maxQueued: options.max_queued },
    );
    return {
      tools: createJobsTools(engine, services.runStore),
      // Jobs keep running in Docker when OrcaOps stops; the next long-lived host picks them up. A command that
      // adopted them would have to outlive its one call to see them through (docs/decisions/0013).
      start: async ({ role }) => (isLongLivedRole(role) ? engine.recover({ sweep: 'background' }) : undefined),
      drain: () => engine.drain(),
      stop: async () => engine.detach(),
    };
  },
});

export { JobEngine } from './engine/job-engine.js';
