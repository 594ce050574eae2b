import { fileURLToPath } from 'node:url';
import type { PluginSpec } from '@orcaops/kernel';

/**
 * Plugins shipped with OrcaOps, in load order, each imported only when the kernel gets to it. The imports are
 * literal so that the bundle of the `orcaops` package carries each plugin as a chunk of its own (docs/decisions/0016).
 */
const BUILTIN_PLUGINS = {
  '@orcaops/plugin-system': () => import('@orcaops/plugin-system'),
  '@orcaops/plugin-jobs': () => import('@orcaops/plugin-jobs'),
  '@orcaops/plugin-runs': () => import('@orcaops/plugin-runs'),
  '@orcaops/plugin-containers': () => import('@orcaops/plugin-containers'),
  '@orcaops/plugin-sandboxes': () => import('@orcaops/plugin-sandboxes'),
} as const;

export const BUILTIN_PLUGIN_PACKAGES = Object.keys(BUILTIN_PLUGINS) as readonly (keyof typeof BUILTIN_PLUGINS)[];

/** The built-ins load through the same loader as third-party plugins, but with the first-party services. */
export function builtinPluginSpecs(): PluginSpec[] {
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  return BUILTIN_PLUGIN_PACKAGES.map((source) => ({ source, options: {}, baseDir, builtin: true, load: BUILTIN_PLUGINS[source] }));
}
