import { resolve } from 'node:path';
import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, TOKENS, definePlugin, isLongLivedRole, type Clock, type DockerService, type LifecycleContribution, type Logger, type RunStore } from '@orcaops/plugin-api';
import { JobEngine } from './engine/job-engine.js';
import { JobsOptionsSchema } from './jobs-options.js';
import { JobsToolsProvider } from './jobs-tools.provider.js';

/** The built-in jobs plugin: one-shot jobs in throwaway containers, kept as runs. */
export default definePlugin({
  id: 'jobs',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Runs commands in throwaway containers with logs, artifacts and a durable record.',
  options: JobsOptionsSchema,
  createModule: (options) =>
    new ContainerModule(({ bind }) => {
      bind(JobEngine)
        .toDynamicValue(({ get }) => {
          const clock = get<Clock>(TOKENS.Clock);
          return new JobEngine(
            {
              docker: get<DockerService>(TOKENS.DockerService),
              store: get<RunStore>(TOKENS.RunStore),
              log: get<Logger>(TOKENS.Logger),
              now: () => clock.now(),
              artifactLimits: {
                maxFileBytes: options.max_artifact_bytes,
                maxTotalBytes: options.max_artifacts_total_bytes,
                maxCount: options.max_artifacts,
              },
              inputPolicy: {
                allowedRoots: options.input_roots.length > 0 ? options.input_roots.map((root) => resolve(root)) : [process.cwd()],
                maxBytes: options.max_input_bytes,
              },
            },
            { concurrency: options.concurrency, maxQueued: options.max_queued },
          );
        })
        .inSingletonScope();
      bind(TOKENS.ToolProvider).to(JobsToolsProvider).inSingletonScope();
      bind(TOKENS.LifecycleContribution).toDynamicValue(({ get }) => {
        const engine = get(JobEngine);
        // Jobs keep running in Docker when OrcaOps stops; the next long-lived host picks them up. A command that
        // adopted them would have to outlive its one call to see them through (docs/decisions/0013).
        const hooks: LifecycleContribution = {
          start: async ({ role }) => (isLongLivedRole(role) ? engine.recover() : undefined),
          drain: () => engine.drain(),
        };
        return hooks;
      });
    }),
});

export { JobEngine } from './engine/job-engine.js';
