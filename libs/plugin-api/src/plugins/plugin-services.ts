import type { ComposeService } from '../services/compose-service.js';
import type { DockerService } from '../services/docker-service.js';
import type { HostInfo } from '../services/host-info.js';
import type { SecretResolver } from '../services/secrets.js';

/** The current time; a service so that tests can control it. */
export interface Clock {
  now(): Date;
}

/** How a job run stands. `queued` and `running` are live; the others are final. */
export type RunStatus = 'queued' | 'running' | 'success' | 'failed' | 'timed_out' | 'cancelled';

/**
 * One job run as plugins see it: the stable, public read model of the run history (the job tools show more).
 * Field names follow the tools' outputs.
 */
export interface RunSummary {
  readonly job_id: string;
  readonly status: RunStatus;
  /** The image reference the job asked for. */
  readonly image: string;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  /** Exit code of the failing step, 0 when every step passed, null when no step ended. */
  readonly exit_code: number | null;
  /** The job's container while it exists (null before it is created). */
  readonly container_id: string | null;
  readonly labels: Readonly<Record<string, string>>;
  /** Error code when the run failed for a reason other than a step's exit code. */
  readonly error_code: string | null;
  readonly steps: number;
  readonly artifacts: number;
}

/** Filters and paging for {@link RunReader.list}; results are newest first. */
export interface RunListQuery {
  readonly statuses?: readonly RunStatus[];
  readonly offset?: number;
  /** At most this many (default 50, at most 500). */
  readonly limit?: number;
}

/** Read access to the job run history kept under `ORCAOPS_HOME/runs`. */
export interface RunReader {
  /** One run, or null when there is no run with that id. */
  get(jobId: string): Promise<RunSummary | null>;
  /** A page of runs, newest first; `next_offset` is null on the last page. */
  list(query?: RunListQuery): Promise<{ readonly runs: readonly RunSummary[]; readonly next_offset: number | null }>;
}

/** The host services every plugin is set up with. */
export interface PluginServices {
  /** The Docker engine OrcaOps talks to (with deadlines on every request). */
  readonly docker: DockerService;
  /** The compose CLI, for multi-container projects. */
  readonly compose: ComposeService;
  /** The job run history, read-only. */
  readonly runs: RunReader;
  /** Version, home, configuration file and the plugin report. */
  readonly hostInfo: HostInfo;
  readonly clock: Clock;
  /** Secrets by reference, and the redaction of their values from output. */
  readonly secrets: SecretResolver;
}
