import type { ComposeCliInfo, DockerService, EngineInfo, HostInfo } from '@orcaops/plugin-api';
import type { RunStore } from '@orcaops/contracts';

/** How the engine answered `info`: the facts, or the error (never thrown: the doctor reports it). */
export type EngineOutcome = { readonly ok: true; readonly info: EngineInfo } | { readonly ok: false; readonly error: unknown };

/** Free space where OrcaOps writes, or null when nothing on the path could be measured. */
export type DiskUsage = { readonly path: string; readonly free_bytes: number; readonly total_bytes: number } | null;

/** What the checks read. The engine, compose and disk facts are gathered once, by system info, and shared. */
export interface DoctorInputs {
  readonly docker: DockerService;
  readonly host: HostInfo;
  /** Absent where no run store is given (then the run checks say they did not run). */
  readonly runs?: RunStore | undefined;
  readonly engine: EngineOutcome;
  readonly compose: ComposeCliInfo | null;
  readonly disk: DiskUsage;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** Why the engine checks did not run, and what to do first. */
export const ENGINE_DOWN = {
  why: 'The Docker engine did not answer (see docker.engine), so this could not be looked at.',
  fix: 'Fix docker.engine first, then run orcaops doctor again.',
} as const;
