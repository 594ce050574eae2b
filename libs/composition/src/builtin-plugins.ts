import { fileURLToPath } from 'node:url';
import type { PluginSpec } from '@orcaops/kernel';

/**
 * Plugins shipped with OrcaOps, in load order. They load through the same loader as third-party plugins (by
 * package name, imported only when the kernel gets to them), but with the first-party services.
 */
export const BUILTIN_PLUGIN_PACKAGES = [
  '@orcaops/plugin-system',
  '@orcaops/plugin-jobs',
  '@orcaops/plugin-runs',
  '@orcaops/plugin-containers',
  '@orcaops/plugin-sandboxes',
] as const;

/** Built-ins resolve from this package, which depends on them. */
export function builtinPluginSpecs(): PluginSpec[] {
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  return BUILTIN_PLUGIN_PACKAGES.map((source) => ({ source, options: {}, baseDir, builtin: true }));
}
