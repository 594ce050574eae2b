import { fileURLToPath } from 'node:url';
import type { PluginSpec } from '../config/resolved-config.js';

/** Plugins shipped with OrcaOps. They load through the same loader as third-party plugins. */
export const BUILTIN_PLUGIN_PACKAGES = [
  '@orcaops/plugin-system',
  '@orcaops/plugin-jobs',
  '@orcaops/plugin-runs',
  '@orcaops/plugin-containers',
  '@orcaops/plugin-sandboxes',
] as const;

/** Built-ins resolve from the kernel's own package, which depends on them. */
export function builtinPluginSpecs(): PluginSpec[] {
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  return BUILTIN_PLUGIN_PACKAGES.map((source) => ({ source, options: {}, baseDir, builtin: true }));
}
