import type { ComposeService, PluginServices, RunReader } from '@orcaops/plugin-api';
import { FakeDockerService } from './fake-docker-service.js';

/** A compose CLI that is not installed. */
export const absentCompose: ComposeService = {
  detect: async () => null,
  run: async () => Promise.reject(new Error('compose is not installed in this test')),
};

/** A run history with no runs. */
export const emptyRunReader: RunReader = { get: async () => null, list: async () => ({ runs: [], next_offset: null }) };

/**
 * Host services for kernel and plugin tests that need none of the real ones: a fake engine (no containers), no
 * compose, no runs, the real clock. Pass single services to replace them.
 */
export function fakeHostServices(overrides: Partial<Omit<PluginServices, 'hostInfo' | 'secrets'>> = {}): { services: Omit<PluginServices, 'hostInfo' | 'secrets'> } {
  return {
    services: {
      docker: overrides.docker ?? new FakeDockerService(),
      compose: overrides.compose ?? absentCompose,
      runs: overrides.runs ?? emptyRunReader,
      clock: overrides.clock ?? { now: () => new Date() },
    },
  };
}
