import { describe, expect, it } from '@jest/globals';
import { JobView, type JobViewData } from '@orcaops/contracts';
import { statusLines, type StatusSnapshot } from './step-status.js';

/** A job view as orcaops_get_job_status returns it, checked against the published schema. */
function view(status: JobViewData['status'], steps: Array<Partial<JobViewData['steps'][number]>>, extra: Partial<JobViewData> = {}): JobViewData {
  return JobView.parse({
    job_id: 'job-1',
    status,
    image: { ref: 'node:22', id: null, digest: null },
    exit_code: null,
    created_at: '2026-12-07T12:00:00Z',
    started_at: null,
    finished_at: null,
    duration_ms: null,
    container_id: null,
    steps: steps.map((step, index) => ({
      index,
      command: `step-${index}`,
      status: 'pending',
      exit_code: null,
      duration_ms: null,
      stdout_tail: '',
      stderr_tail: '',
      output_truncated: false,
      ...step,
    })),
    artifacts: [],
    artifacts_total: 0,
    artifacts_skipped: [],
    artifacts_skipped_total: 0,
    error: null,
    cleanup: { container_removed: null, error: null },
    labels: {},
    ...extra,
  });
}

describe('statusLines', () => {
  it('says each change once: queued, running, each step starting and ending, and the end', () => {
    let snapshot: StatusSnapshot | null = null;
    const said: string[] = [];
    const see = (job: JobViewData) => {
      const result = statusLines(snapshot, job);
      snapshot = result.snapshot;
      said.push(...result.lines);
    };
    see(view('queued', [{}, {}]));
    see(view('queued', [{}, {}]));
    see(view('running', [{ status: 'running', command: 'npm ci' }, {}]));
    see(view('running', [{ status: 'success', command: 'npm ci', exit_code: 0, duration_ms: 1200 }, { status: 'failed', command: 'npm test', exit_code: 3, duration_ms: 400 }]));
    see(view('failed', [{ status: 'success', command: 'npm ci', exit_code: 0, duration_ms: 1200 }, { status: 'failed', command: 'npm test', exit_code: 3, duration_ms: 400 }], { duration_ms: 2000, artifacts_total: 2 }));
    expect(said).toEqual([
      'queued',
      'running in node:22',
      'step 1/2: npm ci',
      'step 1/2 passed in 1.2s',
      'step 2/2: npm test',
      'step 2/2 failed with exit code 3 after 400ms',
      'job job-1 failed in 2.0s, 2 artifacts (orcaops artifacts job-1)',
    ]);
  });

  it('keeps a hostile command to one printable line', () => {
    const { lines } = statusLines(null, view('running', [{ status: 'running', command: `echo \u001b[2J\n${'x'.repeat(200)}` }]));
    expect(lines[1]).toMatch(/^step 1\/1: echo \?\[2J x+…$/);
    expect(lines[1]!.length).toBeLessThan(100);
  });
});
