import { join } from 'node:path';
import type { BuiltinServices } from '@orcaops/contracts';
import { toRunReader } from '@orcaops/contracts';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import type { KernelServices, ResolvedConfig } from '@orcaops/kernel';
import type { Logger } from '@orcaops/plugin-api';
import { FileRunStore } from '@orcaops/run-store';

/** Services a test (or another host) puts in place of the real ones. */
export type ServiceOverrides = Partial<Omit<BuiltinServices, 'hostInfo' | 'runs'>>;

/**
 * The real host services for a configuration: the Docker engine (with its deadlines), the compose CLI (its probe
 * cached under ORCAOPS_HOME), the file run store, and the clock. `overrides` replace single services; the
 * read-only `runs` view always follows the run store in use.
 */
export function createHostServices(context: { readonly config: ResolvedConfig; readonly log: Logger; readonly env: NodeJS.ProcessEnv }, overrides: ServiceOverrides = {}): KernelServices {
  const { config, log, env } = context;
  const docker = new DockerodeService(
    { env, ...(config.dockerHost ? { configuredHost: config.dockerHost } : {}), ...(config.dockerTimeouts ? { timeouts: config.dockerTimeouts } : {}) },
    log.child({ component: 'docker' }),
  );
  const compose = new ComposeCli({ env, endpoint: () => docker.endpoint(), cacheFile: join(config.home, 'cache', 'compose-cli.json') });
  const runStore = overrides.runStore ?? new FileRunStore({ home: config.home, logger: log.child({ component: 'run-store' }) });
  return {
    services: {
      docker: overrides.docker ?? docker,
      compose: overrides.compose ?? compose,
      runs: toRunReader(runStore),
      clock: overrides.clock ?? { now: () => new Date() },
    },
    builtinServices: { runStore },
    close: () => docker.close(),
  };
}
