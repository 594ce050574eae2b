import { afterEach, describe, expect, it } from '@jest/globals';
import { LABELS, type ProgressUpdate } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord } from '@orcaops/contracts';
import { NONCE_LABEL } from './engine/job-labels.js';
import { LOCAL_IMAGE, fakeJobs, type FakeJobs } from './test-fixtures/fake-jobs.js';

// The job engine's hard cases, through the jobs plugin as OrcaOps sets it up, over the fake engine: every call
// goes through the SDK's pipeline, so what is asserted is what a client gets.
describe('the job engine over a fake engine', () => {
  let jobs: FakeJobs;
  afterEach(() => jobs.close());

  /** The job id named by orcaops_run_job's first progress notification. */
  const jobIdOf = (first: ProgressUpdate | undefined) => /^job (\S+) queued$/.exec(first?.message ?? '')?.[1];
  const jobIdsOfContainers = () => [...jobs.docker.specs.values()].map((spec) => spec.labels[LABELS.job]);

  describe('cancel', () => {
    it('cancels a queued job at once: it never gets a container, and the running job goes on', async () => {
      jobs = await fakeJobs({ concurrency: 1 });
      jobs.plan = () => ({ exitCodes: [0], hang: true });
      const first = await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'] });
      const second = await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['echo never'] });
      expect(second['status']).toBe('queued');
      await jobs.statusWhen(first['job_id'], (view) => view['steps'][0]?.status === 'running');
      expect(await jobs.data('orcaops_get_job_status', { job_id: second['job_id'] })).toMatchObject({ status: 'queued', container_id: null });

      const cancelled = await jobs.data('orcaops_cancel_job', { job_id: second['job_id'] });
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        container_id: null,
        steps: [],
        error: { code: 'CANCELLED', message: expect.stringContaining(second['job_id']) },
        cleanup: { container_removed: null, error: null },
      });
      expect(cancelled['finished_at']).not.toBeNull();
      expect(jobIdsOfContainers()).toEqual([first['job_id']]);
      expect(await jobs.data('orcaops_get_job_status', { job_id: first['job_id'] })).toMatchObject({ status: 'running', steps: [{ status: 'running' }] });
    });

    it('cancels the running job: its container is killed and removed, its output kept, and the queued job takes the slot', async () => {
      jobs = await fakeJobs({ concurrency: 1 });
      jobs.plan = (spec) => (spec.labels[LABELS.job] === 'job-hangs' ? { exitCodes: [0, 0], hang: true } : { exitCodes: [0] });
      await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['echo ready', 'sleep 1000'], job_id: 'job-hangs' });
      await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['echo next'], job_id: 'job-waits' });
      await jobs.statusWhen('job-hangs', (view) => view['steps'][1]?.status === 'running');

      const cancelled = await jobs.data('orcaops_cancel_job', { job_id: 'job-hangs' });
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        container_id: 'fake-1',
        steps: [
          { status: 'success', exit_code: 0, stdout_tail: 'step 0 out\n' },
          { status: 'cancelled', exit_code: null, stdout_tail: 'step 1 out\n', stderr_tail: 'step 1 err\n' },
        ],
        cleanup: { container_removed: true, error: null },
      });
      expect(jobs.docker.calls).toContain('kill fake-1 SIGKILL');
      expect(jobs.docker.removed).toContain('fake-1');
      expect(await jobs.statusWhen('job-waits', (view) => view['status'] !== 'queued' && view['status'] !== 'running')).toMatchObject({
        status: 'success',
        container_id: 'fake-2',
      });
    });

    it('cancels a job while its image is pulled: the pull is aborted, no container is created, and the waiting call returns', async () => {
      jobs = await fakeJobs();
      const pull = jobs.holdPull('fake/remote:2');
      const progress: ProgressUpdate[] = [];
      const waiting = jobs.data('orcaops_run_job', { image: 'fake/remote:2', commands: ['echo hi'], wait_seconds: 60 }, { onProgress: (update) => progress.push(update) });
      await pull.started;
      const jobId = jobIdOf(progress[0])!;
      expect(await jobs.data('orcaops_get_job_status', { job_id: jobId })).toMatchObject({ status: 'running', container_id: null, image: { id: null } });

      const cancelled = await jobs.data('orcaops_cancel_job', { job_id: jobId });
      expect(cancelled).toMatchObject({ status: 'cancelled', container_id: null, error: { code: 'CANCELLED' }, cleanup: { container_removed: null } });
      expect(await waiting).toMatchObject({ job_id: jobId, status: 'cancelled', still_running: false });
      expect(jobs.docker.specs.size).toBe(0);
      expect(jobs.docker.images.has('fake/remote:2')).toBe(false);
      // The pull had begun: its progress lies in (0, 1), below the first step's 1.
      expect(progress.slice(1).map((update) => update.message)).toEqual(['pulling fake/remote:2', 'pull: Pulling from fake/remote:2']);
      expect(progress.slice(1).every((update) => update.progress > 0 && update.progress < 1)).toBe(true);
    });
  });

  describe('resume', () => {
    const spec = (jobId: string) => JobSpecSchema.parse({ image: LOCAL_IMAGE, commands: ['echo one', 'echo two'], job_id: jobId });
    /** A record as a supervisor that died left it: running since a second ago, with `containerId` if it got that far. */
    async function leftRunning(jobId: string, containerId: string | null): Promise<void> {
      const started = new Date(Date.now() - 1000);
      await jobs.store.create({ ...queuedRunRecord(jobId, spec(jobId), started), status: 'running', started_at: started.toISOString(), container_id: containerId });
    }

    it('runs a job left running before it had a container from the start, in a long-lived host', async () => {
      jobs = await fakeJobs({ role: 'server' });
      await leftRunning('job-no-container', null);
      jobs.track('job-no-container');
      await jobs.plugin.start();
      const done = await jobs.statusWhen('job-no-container', (view) => view['status'] !== 'running');
      expect(done).toMatchObject({
        status: 'success',
        exit_code: 0,
        container_id: 'fake-1',
        steps: [
          { index: 0, command: 'echo one', status: 'success', stdout_tail: 'step 0 out\n' },
          { index: 1, command: 'echo two', status: 'success', stdout_tail: 'step 1 out\n' },
        ],
        cleanup: { container_removed: true },
      });
      expect(jobs.docker.calls).toEqual(['create fake-1', 'start fake-1']);
    });

    it('removes a container that was created but never started, and runs the job afresh', async () => {
      jobs = await fakeJobs({ role: 'server' });
      await leftRunning('job-created', 'c-created');
      jobs.docker.add({ id: 'c-created', state: 'created', status: 'Created', managed: true, labels: { [LABELS.job]: 'job-created', [NONCE_LABEL]: 'stale' } });
      jobs.track('job-created');
      await jobs.plugin.start();
      const done = await jobs.statusWhen('job-created', (view) => view['status'] !== 'running');
      expect(done).toMatchObject({ status: 'success', container_id: 'fake-1', steps: [{ status: 'success' }, { status: 'success' }] });
      expect(jobs.docker.removed).toEqual(['c-created', 'fake-1']);
      expect(jobs.docker.calls).not.toContain('start c-created');
    });

    it('leaves such jobs alone in a one-shot command, for the next long-lived host', async () => {
      jobs = await fakeJobs({ role: 'command' });
      await leftRunning('job-for-later', null);
      await jobs.plugin.start();
      expect(await jobs.data('orcaops_get_job_status', { job_id: 'job-for-later' })).toMatchObject({ status: 'running', container_id: null });
      expect(jobs.docker.calls).toEqual([]);
      // Nobody supervises it here, so the lease is free for the host that resumes it.
      const lease = await jobs.store.acquireLease('job-for-later');
      expect(lease).not.toBeNull();
      await lease?.release();
    });
  });

  describe('progress of orcaops_run_job', () => {
    it('names the job first, then numbers the steps 1..N', async () => {
      jobs = await fakeJobs();
      const progress: ProgressUpdate[] = [];
      const result = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['echo a', 'echo b', 'echo c'] }, { onProgress: (update) => progress.push(update) });
      expect(result).toMatchObject({ status: 'success', still_running: false });
      expect(progress).toEqual([
        { progress: 0, total: 3, message: `job ${result['job_id']} queued` },
        { progress: 1, total: 3, message: 'step 1/3: echo a' },
        { progress: 2, total: 3, message: 'step 2/3: echo b' },
        { progress: 3, total: 3, message: 'step 3/3: echo c' },
      ]);
    });

    it('rises through (0, 1) while the image is pulled, then numbers the steps, every value above the one before', async () => {
      jobs = await fakeJobs();
      jobs.docker.remoteImages.set('fake/remote:3', { id: 'sha256:remote3', digest: 'fake/remote@sha256:d1' });
      const progress: ProgressUpdate[] = [];
      const result = await jobs.data('orcaops_run_job', { image: 'fake/remote:3', commands: ['echo a', 'echo b'] }, { onProgress: (update) => progress.push(update) });
      expect(result).toMatchObject({ status: 'success', image: { ref: 'fake/remote:3', id: 'sha256:remote3', digest: 'fake/remote@sha256:d1' } });
      expect(progress[0]).toEqual({ progress: 0, total: 2, message: `job ${result['job_id']} queued` });
      // The pipeline drops a value that does not rise, so counting them shows none was dropped: one for the pull's
      // start and one per event of the fake's pull (two), then one per step.
      const pulls = progress.slice(1, -2);
      expect(pulls.map((update) => update.message)).toEqual([
        'pulling fake/remote:3',
        'pull: Pulling from fake/remote:3',
        'pull: Status: Downloaded newer image for fake/remote:3',
      ]);
      expect(pulls.every((update) => update.progress > 0 && update.progress < 1 && update.total === 2)).toBe(true);
      expect(progress.slice(-2).map((update) => update.progress)).toEqual([1, 2]);
      const values = progress.map((update) => update.progress);
      values.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(values[index]!));
    });
  });
});
