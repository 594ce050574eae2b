import type { OrcaPlugin, PluginServices } from '@orcaops/plugin-api';
import type { BuiltinServices, RunStore } from '@orcaops/contracts';
import { setupPlugin, type PluginUnderTest, type SetupPluginOptions } from '@orcaops/plugin-api/testing';


/** {@link setupPlugin}'s options, with the first-party services. */
export interface SetupBuiltinOptions extends Omit<SetupPluginOptions, 'services' | 'builtin'> {
  /** The services the plugin's tools use; each one left out (the run store too) throws when touched, naming it. */
  readonly services?: Partial<BuiltinServices>;
}

/**
 * Sets a built-in plugin up as OrcaOps does, through `@orcaops/plugin-api/testing`'s {@link setupPlugin}, with the
 * first-party services it gets (`runStore` besides the SDK's) and its tools checked as a built-in's (the `orcaops`
 * prefix); its tools are called through the same pipeline, returning the client's envelope.
 */
export function setupBuiltinPlugin(plugin: OrcaPlugin<NonNullable<OrcaPlugin['options']>, BuiltinServices>, options: SetupBuiltinOptions = {}): Promise<PluginUnderTest> {
  const services = { ...options.services, runStore: options.services?.runStore ?? missingRunStore() };
  // setupPlugin hands over every service it is given; only its types stop at the SDK's.
  return setupPlugin(plugin as OrcaPlugin, { ...options, builtin: true, services: services as Partial<PluginServices> });
}

/** Stands in for a run store the test did not give, as setupPlugin does for the SDK's services. */
function missingRunStore(): RunStore {
  return new Proxy({} as RunStore, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`services.runStore.${String(property)} was used, but the test gave no services.runStore; pass it to setupBuiltinPlugin({ services })`);
    },
  });
}
