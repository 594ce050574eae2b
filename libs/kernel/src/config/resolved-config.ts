import type { LogLevel } from '@orcaops/plugin-api';
import type { ToolSelection } from './config-schema.js';

/** A plugin to load, with where to resolve it from. */
export interface PluginSpec {
  /** Package name, or a path (relative to `baseDir` when it starts with `.`). */
  readonly source: string;
  readonly options: Record<string, unknown>;
  /** Directory that package names and relative paths are resolved from. */
  readonly baseDir: string;
  readonly builtin: boolean;
  /**
   * Imports the plugin's module directly instead of resolving `source` on disk. The built-ins use it so that a
   * bundle can carry each of them as its own chunk, still loaded only when the kernel gets to it.
   */
  readonly load?: () => Promise<unknown>;
}

/** The configuration after defaults and environment overrides. */
export interface ResolvedConfig {
  /** Absolute path of the file read, or null when none was found. */
  readonly configFile: string | null;
  readonly home: string;
  readonly logLevel: LogLevel;
  /** Engine address from the file; `DOCKER_HOST` still wins at connection time. */
  readonly dockerHost: string | null;
  /** Engine deadlines from the file (`docker.timeouts`); kinds left out keep the Docker layer's defaults. */
  readonly dockerTimeouts?: { readonly readMs?: number; readonly operationMs?: number; readonly streamStartMs?: number };
  /** Reply limits in bytes on the wire. */
  readonly replies: { readonly defaultBytes: number; readonly maxBytes: number };
  /**
   * The file's `http` section as written, for the HTTP host to validate and resolve (the kernel knows no host);
   * relative paths in it resolve from the directory of {@link configFile}.
   */
  readonly http: Readonly<Record<string, unknown>>;
  /** The tools the hosts serve (`tools`: preset, allow, deny). */
  readonly tools: ToolSelection;
  /** Only read-only tools (`readOnly`, or `--read-only`), applied after `tools`. */
  readonly readOnly: boolean;
  /** The audit log of calls that may change something (`audit`), `<home>/audit.log`. */
  readonly audit: { readonly enabled: boolean; readonly maxBytes: number; readonly keep: number };
  /** Plugins from the file (built-ins are added by the kernel). */
  readonly plugins: readonly PluginSpec[];
}
