import type { ContainerModule } from 'inversify';
import type { z } from 'zod';

/**
 * The plugin API version this package describes. A plugin declares the version it was built against; the
 * kernel refuses one it does not support.
 */
export const PLUGIN_API_VERSION = 1;

/** Plugin ids: lower-case words separated by `-` or `.`, optionally npm-scoped. */
export const PLUGIN_ID_PATTERN = /^(@[a-z0-9-]+\/)?[a-z0-9]+([.-][a-z0-9]+)*$/;

/**
 * The `orcaops` field of a plugin's `package.json`. Its presence is what makes a package an OrcaOps plugin;
 * the kernel only loads packages listed in the configuration, never everything it can find.
 *
 * @example
 * "orcaops": { "apiVersion": 1, "entry": "./dist/index.js" }
 */
export interface PluginManifest {
  /** The plugin API version the package was built against. */
  readonly apiVersion: number;
  /** Entry module, relative to the package root. Its default export (or the module itself) is the plugin. */
  readonly entry: string;
}

/**
 * An OrcaOps plugin: what a plugin's entry module exports.
 *
 * @typeParam O zod schema of the plugin's options (from `orcaops.config.json`).
 */
export interface OrcaPlugin<O extends z.ZodType = z.ZodType> {
  /** Stable id, shown in diagnostics and used to label the resources the plugin creates. */
  readonly id: string;
  /** Must equal the kernel's {@link PLUGIN_API_VERSION}. */
  readonly apiVersion: number;
  /** One-line description. */
  readonly description?: string;
  /** Options schema; the kernel validates the configured options with it before calling `createModule`. */
  readonly options?: O;
  /**
   * Returns the inversify module that binds the plugin's {@link ToolProvider}s (and optionally
   * {@link LifecycleContribution}s). Each plugin gets its own child container whose parent holds the host
   * services, so a plugin cannot replace another plugin's bindings.
   */
  createModule(options: z.output<O>): ContainerModule;
}

/** Declares a plugin with type inference for its options. */
export function definePlugin<O extends z.ZodType>(plugin: OrcaPlugin<O>): OrcaPlugin<O> {
  return plugin;
}
