import type { RunReader, RunSummary } from '@orcaops/plugin-api';
import { jobExitCode, type RunRecord } from './runs/run-record.js';
import type { RunStore } from './runs/run-store.js';

const MAX_LIST_LIMIT = 500;

/** The SDK's read model of a run, from the full record. */
export function toRunSummary(record: RunRecord): RunSummary {
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image.ref,
    created_at: record.created_at,
    started_at: record.started_at,
    finished_at: record.finished_at,
    duration_ms: record.duration_ms,
    exit_code: jobExitCode(record.steps),
    container_id: record.container_id,
    labels: record.labels,
    error_code: record.error?.code ?? null,
    steps: record.steps.length,
    artifacts: record.artifacts.length,
  };
}

/** Read-only access to a run store, as the SDK's `services.runs` offers it to every plugin. */
export function toRunReader(store: RunStore): RunReader {
  return {
    get: async (jobId) => {
      const record = await store.get(jobId);
      return record ? toRunSummary(record) : null;
    },
    list: async (query = {}) => {
      const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 50)), MAX_LIST_LIMIT);
      const page = await store.list({ ...(query.statuses ? { statuses: query.statuses } : {}), offset: Math.max(0, Math.floor(query.offset ?? 0)), limit });
      return { runs: page.runs.map(toRunSummary), next_offset: page.nextOffset };
    },
  };
}
