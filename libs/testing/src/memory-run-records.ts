import type { RunRecord, RunStore } from '@orcaops/contracts';

/** Run records in memory, read through the `RunStore` methods tools use (by job id); for tools that only look records up. */
export function memoryRunRecords() {
  const records = new Map<string, RunRecord>();
  const store = { get: async (jobId: string) => records.get(jobId) ?? null } as unknown as RunStore;
  return {
    store,
    create: async (record: RunRecord) => void records.set(record.job_id, record),
    update: async (jobId: string, change: (record: RunRecord) => RunRecord) => void records.set(jobId, change(records.get(jobId)!)),
  };
}
