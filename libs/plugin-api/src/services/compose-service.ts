/** The compose command line found on this machine. */
export interface ComposeCliInfo {
  /** `v2` is the `docker compose` plugin, `v1` the standalone `docker-compose`. */
  readonly flavor: 'v2' | 'v1';
  /** argv prefix to run it, e.g. `['docker', 'compose']`. */
  readonly command: readonly string[];
  /** Version as the CLI reports it. */
  readonly version: string;
}

/** Finds the compose CLI. */
export interface ComposeService {
  /** The CLI to use (`docker compose` preferred), or null when neither is installed. Cached after the first call. */
  detect(): Promise<ComposeCliInfo | null>;
}
