import { LABELS, type ContainerSummary } from '@orcaops/plugin-api';
import { isFinalStatus, type RunRecord, type RunStore } from '@orcaops/contracts';
import { count, nameSome, notChecked, ok, warn, type Finding } from './finding.js';
import { ENGINE_DOWN, type DoctorInputs } from './doctor-inputs.js';

/** Containers and runs looked at, at most: enough to tell, bounded for a home or engine with a long history. */
export const MAX_LEFTOVERS_CHECKED = 500;
const NO_RUN_STORE = { why: 'This host gave the system plugin no run store.', fix: 'Run orcaops doctor, or call orcaops_system_info from orcaops-mcp.' } as const;
const LONG_LIVED_HOST = 'Start orcaops-mcp or orcaops tui: a long-lived host adopts unfinished jobs (resuming or ending them from their containers and logs) and removes the containers of ended ones';

/**
 * `containers.orphaned`: containers with the OrcaOps job label whose run record is missing, or final without
 * `keep_container`. (A live run's container is not an orphan; when nobody supervises that run, `runs.stuck` says so.)
 */
export async function orphanedContainersFinding({ docker, runs, engine, signal }: Pick<DoctorInputs, 'docker' | 'runs' | 'engine' | 'signal'>): Promise<Finding> {
  const id = 'containers.orphaned';
  if (!engine.ok) return notChecked(id, 'Orphaned job containers', ENGINE_DOWN.why, ENGINE_DOWN.fix);
  if (!runs) return notChecked(id, 'Orphaned job containers', NO_RUN_STORE.why, NO_RUN_STORE.fix);
  const all = await docker.listContainers({ all: true, labels: { [LABELS.managed]: 'true', [LABELS.job]: true } }, { signal });
  const containers = all.slice(0, MAX_LEFTOVERS_CHECKED);
  const partly = all.length > containers.length ? ` Only the first ${containers.length} of ${all.length} job containers were checked.` : '';
  const orphans: Array<{ container: ContainerSummary; why: string }> = [];
  for (const container of containers) {
    const why = orphanReason(await recordOf(runs, container.labels[LABELS.job]!));
    if (why) orphans.push({ container, why });
  }
  if (orphans.length === 0) return ok(id, 'No orphaned job containers', `${count(containers.length, 'job container')} on the engine, each with a run that needs it.`);
  const running = orphans.filter(({ container }) => container.state === 'running' || container.state === 'paused' || container.state === 'restarting');
  const named = nameSome(orphans.map(({ container, why }) => `${container.id.slice(0, 12)} (job ${container.labels[LABELS.job]}: ${why}, ${container.state})`));
  const removeRunning = running.length > 0 ? `; running ones: docker rm -f ${running.slice(0, 3).map(({ container }) => container.id.slice(0, 12)).join(' ')}${running.length > 3 ? ' …' : ''}` : '';
  return warn(
    id,
    `${count(orphans.length, 'orphaned job container')}`,
    `${named}. They hold disk (and, while running, CPU and memory) for jobs that no longer need them.${partly}`,
    `${LONG_LIVED_HOST}; or remove them now: orcaops call orcaops_cleanup_containers '{"dry_run": true}' lists the stopped ones, then without dry_run removes them${removeRunning}.`,
  );
}

/**
 * `runs.stuck`: runs recorded as queued or running that no live process supervises (no lease, or its holder died).
 * They wait for a long-lived host; nothing is lost meanwhile (docs/decisions/0013).
 */
export async function stuckRunsFinding({ runs }: Pick<DoctorInputs, 'runs'>): Promise<Finding> {
  const id = 'runs.stuck';
  if (!runs) return notChecked(id, 'Runs stuck in running', NO_RUN_STORE.why, NO_RUN_STORE.fix);
  const live: RunRecord[] = [];
  for (let offset: number | null = 0; offset !== null && live.length < MAX_LEFTOVERS_CHECKED; ) {
    const page = await runs.list({ statuses: ['queued', 'running'], offset, limit: 100 });
    live.push(...page.runs);
    offset = page.nextOffset;
  }
  const partly = live.length >= MAX_LEFTOVERS_CHECKED ? ` Only the newest ${MAX_LEFTOVERS_CHECKED} queued or running runs were checked.` : '';
  const stuck: RunRecord[] = [];
  for (const record of live.slice(0, MAX_LEFTOVERS_CHECKED)) {
    const lease = await runs.readLease(record.job_id).catch(() => null);
    // Deleted since the listing (null): not stuck, gone.
    if (lease && lease.state !== 'held') stuck.push(record);
  }
  if (stuck.length === 0) return ok(id, 'No stuck runs', `${count(live.length, 'queued or running run')}, each supervised by a live process.`);
  return warn(
    id,
    `${count(stuck.length, 'run')} stuck in ${stuck.every((record) => record.status === 'queued') ? 'queued' : 'running'}`,
    `${nameSome(stuck.map((record) => `${record.job_id} (${record.status} since ${record.started_at ?? record.created_at})`))}: recorded as not ended, and no live process supervises ${stuck.length === 1 ? 'it' : 'them'}.${partly}`,
    `${LONG_LIVED_HOST}. From there orcaops_cancel_job stops one that should not go on.`,
  );
}

async function recordOf(runs: RunStore, jobId: string): Promise<RunRecord | null | 'unreadable'> {
  try {
    return await runs.get(jobId);
  } catch {
    return 'unreadable';
  }
}

/** Why a job container is an orphan, or null when its run still needs it (or keeps it on purpose). */
function orphanReason(record: RunRecord | null | 'unreadable'): string | null {
  // An unreadable record may still be a live run's: never call its container an orphan.
  if (record === 'unreadable') return null;
  if (record === null) return 'no run record';
  if (!isFinalStatus(record.status)) return null;
  if (record.spec['keep_container'] === true) return null;
  return `run ${record.status}`;
}
