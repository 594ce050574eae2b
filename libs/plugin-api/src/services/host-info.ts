import type { LogLevel } from './logger.js';

/** A plugin that loaded. */
export interface LoadedPlugin {
  readonly id: string;
  /** Package name, or the path it was loaded from. */
  readonly source: string;
  readonly version: string | null;
  readonly builtin: boolean;
  readonly tools: readonly string[];
}

/** A plugin that failed to load and was skipped. */
export interface PluginFailure {
  /** What the configuration named. */
  readonly source: string;
  readonly builtin: boolean;
  readonly error: string;
}

/** Read-only facts about the running OrcaOps host, for diagnostics. */
export interface HostInfo {
  /** OrcaOps version. */
  readonly version: string;
  /** `ORCAOPS_HOME`: where OrcaOps keeps its state. */
  readonly home: string;
  /** The configuration file in use, or null when running on defaults. */
  readonly configFile: string | null;
  readonly logLevel: LogLevel;
  /** Plugins loaded so far and those skipped. */
  plugins(): { readonly loaded: readonly LoadedPlugin[]; readonly failed: readonly PluginFailure[] };
}
