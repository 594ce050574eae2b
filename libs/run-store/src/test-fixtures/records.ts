import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, LogFields } from '@orcaops/plugin-api';
import type { JobStatus, RunRecord } from '@orcaops/contracts';

/** A minimal valid run record. */
export function makeRecord(jobId: string, overrides: Partial<RunRecord> & { createdMs?: number; status?: JobStatus } = {}): RunRecord {
  const { createdMs, ...rest } = overrides;
  return {
    schema_version: 1,
    job_id: jobId,
    status: 'queued',
    image: { ref: 'alpine:3.20', id: null, digest: null },
    created_at: new Date(createdMs ?? Date.UTC(2026, 0, 1)).toISOString(),
    started_at: null,
    finished_at: null,
    duration_ms: null,
    container_id: null,
    spec: { image: 'alpine:3.20', commands: ['true'] },
    steps: [],
    artifacts: [],
    artifacts_skipped: [],
    error: null,
    cleanup: { container_removed: null, error: null },
    labels: {},
    ...rest,
  };
}

/** A fresh temporary ORCAOPS_HOME and its removal. */
export async function tempHome(): Promise<{ home: string; remove: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'orcaops-run-store-'));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}

/** A logger that keeps what it is told. */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; fields?: LogFields }> = [];
  debug(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, fields });
  }
  child(): Logger {
    return this;
  }
}
