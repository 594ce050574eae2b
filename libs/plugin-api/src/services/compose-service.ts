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
  /**
   * Runs compose against the same engine as {@link DockerService}. A non-zero exit is a result, not an error.
   * @throws OrcaError `DOCKER_COMPOSE_NOT_FOUND` when no compose CLI is installed; `CANCELLED` when the signal fires
   * (the process is stopped first).
   */
  run(request: ComposeRunRequest): Promise<ComposeRunResult>;
}

/** One compose command for one project. */
export interface ComposeRunRequest {
  /** The compose project name (`-p`). */
  readonly project: string;
  /** The project directory: compose runs there and reads its `.env` from it. */
  readonly directory: string;
  /** Compose files (`-f`), absolute or relative to `directory`. */
  readonly files: readonly string[];
  /** The subcommand and its arguments, e.g. `['up', '-d']`. Passed as argv, never through a shell. */
  readonly args: readonly string[];
  readonly signal?: AbortSignal;
  /** Each line compose prints (stdout and stderr), as it comes. */
  readonly onLine?: (line: string) => void;
}

/** How a compose command ended. */
export interface ComposeRunResult {
  readonly exitCode: number;
  /** Standard output in full (bounded to 1 MiB), for commands whose output is data such as `config --services`. */
  readonly stdout: string;
  /** The last lines of both streams together, for error reports. */
  readonly outputTail: string;
}
