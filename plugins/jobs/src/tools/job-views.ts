import { z } from 'zod';
import type { JobRowData, RunRecord } from '@orcaops/contracts';

/** A run record as a row of orcaops_list_jobs. */
export function toJobRow(record: RunRecord): JobRowData {
  return {
    job_id: record.job_id,
    status: record.status,
    image: record.image.ref,
    created_at: record.created_at,
    duration_ms: record.duration_ms,
    steps: record.steps.length,
    error_code: record.error?.code ?? null,
  };
}

export const JobIdInput = z.string().min(1).max(128);
