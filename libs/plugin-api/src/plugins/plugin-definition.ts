import type { z } from 'zod';
import type { AnyToolDefinition } from '../tools/tool-definition.js';
import type { HostRole, LifecycleStartContext } from './contributions.js';
import type { PluginServices } from './plugin-services.js';
import type { Logger } from '../services/logger.js';

/**
 * The plugin API version this package describes. A plugin's `package.json` manifest declares the version it was
 * built against (`"orcaops": { "apiVersion": 1 }`); a host refuses a plugin whose version it does not support.
 * It changes only with a breaking change to this package (docs/plugins.md, "Versioning").
 */
export const PLUGIN_API_VERSION = 1;

/** Plugin ids: lower-case words separated by `-` or `.`, optionally npm-scoped. */
export const PLUGIN_ID_PATTERN = /^(@[a-z0-9-]+\/)?[a-z0-9]+([.-][a-z0-9]+)*$/;

/**
 * The `orcaops` field of a plugin's `package.json`. Its presence is what makes a package an OrcaOps plugin;
 * a host only loads packages its configuration lists, never everything it can find.
 *
 * @example
 * "orcaops": { "apiVersion": 1, "entry": "./dist/index.js" }
 */
export interface PluginManifest {
  /** The plugin API version ({@link PLUGIN_API_VERSION}) the package was built against. */
  readonly apiVersion: number;
  /** Entry module, relative to the package root. Its default export is the plugin. */
  readonly entry: string;
}

/** What the host tells a plugin about itself when the plugin is set up. */
export interface PluginHost {
  /** What kind of process this is: a long-lived server or TUI, or a one-shot command. */
  readonly role: HostRole;
  /** The OrcaOps version. */
  readonly version: string;
  /** `ORCAOPS_HOME`: where OrcaOps keeps its state. A plugin keeps its own files under `plugins/<id>/` there. */
  readonly home: string;
}

/** What {@link OrcaPlugin.setup} receives. */
export interface PluginSetupContext<Options, Services extends PluginServices = PluginServices> {
  /** Host services: the Docker engine, compose, the run history (read-only), host facts and the clock. */
  readonly services: Services;
  /** The plugin's options from `orcaops.config.json`, already validated by {@link OrcaPlugin.options}. */
  readonly options: Options;
  /** A logger whose lines carry the plugin's id. Logs go to stderr, never to the MCP protocol stream. */
  readonly log: Logger;
  readonly host: PluginHost;
}

/** What a plugin contributes once set up: its tools and optional lifecycle hooks. */
export interface PluginInstance {
  /** The plugin's tools, in the order a person meets them. */
  readonly tools: readonly AnyToolDefinition[];
  /**
   * Called after every plugin has been set up, before the first tool call. Runs under a time limit; a failing or
   * slow hook is logged and does not stop the host.
   */
  start?(context: LifecycleStartContext): Promise<void>;
  /**
   * Resolves when background work this process owns is done (e.g. jobs it supervises). Hosts whose process should
   * not end while such work runs (a one-shot command) wait for it.
   */
  drain?(): Promise<void>;
  /** Called on shutdown: release resources, flush state. */
  stop?(): Promise<void>;
}

/**
 * An OrcaOps plugin: the default export of a plugin package's entry module.
 *
 * @typeParam O zod schema of the plugin's options.
 * @typeParam S the services it is set up with ({@link PluginServices} for every plugin).
 */
export interface OrcaPlugin<O extends z.ZodType = z.ZodType, S extends PluginServices = PluginServices> {
  /** Stable id, shown in diagnostics. */
  readonly id: string;
  /** One-line description, shown in diagnostics. */
  readonly description?: string;
  /**
   * What every tool name of this plugin starts with (`<prefix>_<verb>_<noun>`, checked when the plugin loads);
   * defaults to one derived from the id (see `toolPrefixOf`). `orcaops` is reserved for the built-in plugins.
   */
  readonly toolPrefix?: string;
  /** Options schema; the host validates the configured options with it before calling {@link setup}. */
  readonly options?: O;
  /**
   * Builds the plugin's tools from the host's services. Called once per process, before any tool call; a throw
   * (or a rejected promise) skips the plugin and is reported with its reason.
   */
  setup(context: PluginSetupContext<z.output<O>, S>): PluginInstance | Promise<PluginInstance>;
}

/**
 * Declares a plugin, with type inference for its options.
 *
 * @example
 * export default definePlugin({
 *   id: 'hello',
 *   options: z.object({ greeting: z.string().default('hello') }),
 *   setup: ({ options }) => ({ tools: [helloTool(options.greeting)] }),
 * });
 */
export function definePlugin<O extends z.ZodType = z.ZodObject<Record<string, never>>>(plugin: OrcaPlugin<O>): OrcaPlugin<O> {
  return plugin;
}
