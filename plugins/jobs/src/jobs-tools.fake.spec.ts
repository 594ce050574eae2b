import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { OrcaError } from '@orcaops/plugin-api';
import { JobSpecSchema, queuedRunRecord, type JobStatus } from '@orcaops/contracts';
import { LOCAL_IMAGE, fakeJobs, type FakeJobs } from './test-fixtures/fake-jobs.js';

const JOB_TOOLS = [
  'orcaops_run_job',
  'orcaops_submit_job',
  'orcaops_get_job_status',
  'orcaops_list_jobs',
  'orcaops_cancel_job',
  'orcaops_get_job_logs',
  'orcaops_list_artifacts',
  'orcaops_get_artifact',
];

/** A tar archive of `files` (name → content), as the engine serves a path. */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Each of the eight job tools, through the jobs plugin as OrcaOps sets it up, over the fake engine.
describe('the job tools over a fake engine', () => {
  let jobs: FakeJobs;
  beforeEach(async () => {
    jobs = await fakeJobs();
  });
  afterEach(() => jobs.close());

  it('declares the eight tools, only cancel changing anything beyond starting jobs', () => {
    expect(jobs.plugin.tools.map((tool) => tool.name)).toEqual(JOB_TOOLS);
    const readOnly = jobs.plugin.tools.filter((tool) => tool.annotations.readOnlyHint).map((tool) => tool.name);
    expect(readOnly).toEqual(['orcaops_get_job_status', 'orcaops_list_jobs', 'orcaops_get_job_logs', 'orcaops_list_artifacts', 'orcaops_get_artifact']);
    expect(jobs.plugin.tools.find((tool) => tool.name === 'orcaops_cancel_job')!.annotations).toMatchObject({ destructiveHint: true });
  });

  describe('orcaops_run_job', () => {
    it('runs the steps and returns each one with its exit code and output, the container removed', async () => {
      const result = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['echo one', { command: 'echo two' }], labels: { team: 'web' } });
      expect(result).toMatchObject({
        status: 'success',
        exit_code: 0,
        still_running: false,
        image: { ref: LOCAL_IMAGE, id: `sha256:${LOCAL_IMAGE}` },
        steps: [
          { index: 0, command: 'echo one', status: 'success', exit_code: 0, stdout_tail: 'step 0 out\n', stderr_tail: 'step 0 err\n', output_truncated: false },
          { index: 1, command: 'echo two', status: 'success', exit_code: 0, stdout_tail: 'step 1 out\n', stderr_tail: 'step 1 err\n' },
        ],
        artifacts: [],
        error: null,
        cleanup: { container_removed: true, error: null },
        labels: { team: 'web' },
      });
      expect(result['job_id']).toMatch(/^job-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
      expect(jobs.docker.specs.get('fake-1')).toMatchObject({ image: LOCAL_IMAGE, labels: { team: 'web', 'org.orcaops.job': result['job_id'] } });
    });

    it('ends the job at the first failing step: its exit code, the rest skipped', async () => {
      jobs.plan = () => ({ exitCodes: [0, 3, 0] });
      const result = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['true', 'false', 'echo never'] });
      expect(result).toMatchObject({ status: 'failed', exit_code: 3, error: null });
      expect(result['steps'].map((step: { status: string }) => step.status)).toEqual(['success', 'failed', 'skipped']);
      expect(result['steps'][1]).toMatchObject({ exit_code: 3, stdout_tail: 'step 1 out\n' });
    });

    it('fails the call for an image that is nowhere, naming the job, which is recorded as failed', async () => {
      const error = await jobs.error('orcaops_run_job', { image: 'fake/missing:1', commands: ['true'] });
      expect(error).toMatchObject({ code: 'IMAGE_NOT_FOUND', message: expect.stringContaining('fake/missing:1'), details: { job_id: expect.any(String) } });
      const jobId = (error.details as { job_id: string }).job_id;
      expect(await jobs.data('orcaops_get_job_status', { job_id: jobId })).toMatchObject({ status: 'failed', container_id: null, error: { code: 'IMAGE_NOT_FOUND' } });
    });

    it('returns the current status after wait_seconds while the job runs on', async () => {
      jobs.plan = () => ({ exitCodes: [0], hang: true });
      const result = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'], wait_seconds: 0 });
      expect(result['still_running']).toBe(true);
      expect(['queued', 'running']).toContain(result['status']);
      expect(result['finished_at']).toBeNull();
    });

    it('refuses a misspelt argument before anything runs', async () => {
      const error = await jobs.error('orcaops_run_job', { image: LOCAL_IMAGE, comands: ['true'] });
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('comands') });
      expect(await jobs.data('orcaops_list_jobs', {})).toEqual({ jobs: [], next_offset: null });
      expect(jobs.docker.specs.size).toBe(0);
    });
  });

  describe('orcaops_submit_job', () => {
    it('returns the id at once; the job then runs to its end', async () => {
      const submitted = await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['echo hi'], job_id: 'job-mine' });
      expect(submitted).toEqual({ job_id: 'job-mine', status: 'queued', created_at: expect.any(String) });
      expect(Date.parse(submitted['created_at'])).not.toBeNaN();
      expect(await jobs.statusWhen('job-mine', (view) => view['status'] === 'success')).toMatchObject({ status: 'success', steps: [{ status: 'success' }] });
    });

    it('refuses a job id that is taken, inputs below the runner, and an invalid spec', async () => {
      await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['true'], job_id: 'job-taken' });
      expect(await jobs.error('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['true'], job_id: 'job-taken' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('job-taken') });
      const intoRunner = { image: LOCAL_IMAGE, commands: ['true'], workdir: '/', inputs: { files: [{ path: '.orcaops/x/run.sh', content: 'evil' }] } };
      expect(await jobs.error('orcaops_submit_job', intoRunner)).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('/.orcaops') });
      expect(await jobs.error('orcaops_submit_job', { image: LOCAL_IMAGE, commands: [] })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('commands') });
    });

    it('refuses a submission beyond concurrency + max_queued with LIMIT_EXCEEDED', async () => {
      await jobs.close();
      jobs = await fakeJobs({ concurrency: 1, maxQueued: 1 });
      jobs.plan = () => ({ exitCodes: [0], hang: true });
      await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'] });
      await jobs.data('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'] });
      const error = await jobs.error('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'] });
      expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', suggestion: expect.stringContaining('orcaops_list_jobs'), details: { retry_after_seconds: 5 } });
      expect((await jobs.data('orcaops_list_jobs', {}))['jobs']).toHaveLength(2);
    });

    it('lets in exactly concurrency + max_queued of a burst submitted at once (records are written in between)', async () => {
      await jobs.close();
      jobs = await fakeJobs({ concurrency: 1, maxQueued: 2 });
      jobs.plan = () => ({ exitCodes: [0], hang: true });
      const burst = await Promise.all(Array.from({ length: 8 }, () => jobs.plugin.outcome('orcaops_submit_job', { image: LOCAL_IMAGE, commands: ['sleep 1000'] })));
      for (const outcome of burst) if (outcome.ok) jobs.track(String(outcome.data['job_id']));
      expect(burst.filter((outcome) => outcome.ok)).toHaveLength(3);
      expect(burst.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.error.code)).toEqual(Array(5).fill('LIMIT_EXCEEDED'));
      expect((await jobs.data('orcaops_list_jobs', {}))['jobs']).toHaveLength(3);
    });
  });

  describe('orcaops_get_job_status and orcaops_cancel_job', () => {
    it('answers JOB_NOT_FOUND for an unknown job, and JOB_NOT_RUNNING for cancelling one that ended', async () => {
      expect(await jobs.error('orcaops_get_job_status', { job_id: 'job-nope' })).toMatchObject({ code: 'JOB_NOT_FOUND', message: expect.stringContaining('job-nope') });
      expect(await jobs.error('orcaops_cancel_job', { job_id: 'job-nope' })).toMatchObject({ code: 'JOB_NOT_FOUND' });
      const done = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['true'] });
      expect(await jobs.error('orcaops_cancel_job', { job_id: done['job_id'] })).toMatchObject({
        code: 'JOB_NOT_RUNNING',
        message: expect.stringContaining('success'),
        suggestion: expect.stringContaining('orcaops_get_job_status'),
      });
      expect(await jobs.error('orcaops_get_job_status', { job_id: '' })).toMatchObject({ code: 'VALIDATION_ERROR' });
    });
  });

  describe('orcaops_list_jobs', () => {
    /** Ended runs created a minute apart, oldest first. */
    async function seed(statuses: readonly JobStatus[]): Promise<string[]> {
      const ids: string[] = [];
      for (const [index, status] of statuses.entries()) {
        const jobId = `job-seeded-${index}`;
        const spec = JobSpecSchema.parse({ image: LOCAL_IMAGE, commands: ['true'] });
        await jobs.store.create({ ...queuedRunRecord(jobId, spec, new Date(Date.UTC(2026, 0, 1, 0, index))), status });
        ids.push(jobId);
      }
      return ids;
    }

    it('lists newest first as rows, filters by status, and pages with next_offset', async () => {
      const ids = await seed(['success', 'failed', 'success', 'cancelled']);
      const all = await jobs.data('orcaops_list_jobs', {});
      expect(all['jobs'].map((row: { job_id: string }) => row.job_id)).toEqual([...ids].reverse());
      expect(all['jobs'][0]).toEqual({ job_id: ids[3], status: 'cancelled', image: LOCAL_IMAGE, created_at: '2026-01-01T00:03:00.000Z', duration_ms: null, steps: 0, error_code: null });
      expect(all['next_offset']).toBeNull();
      expect((await jobs.data('orcaops_list_jobs', { status: 'success' }))['jobs'].map((row: { job_id: string }) => row.job_id)).toEqual([ids[2], ids[0]]);
      const first = await jobs.data('orcaops_list_jobs', { limit: 3 });
      expect(first).toMatchObject({ next_offset: 3 });
      expect(await jobs.data('orcaops_list_jobs', { limit: 3, offset: 3 })).toEqual({ jobs: [expect.objectContaining({ job_id: ids[0] })], next_offset: null });
    });

    it('refuses a status that does not exist and a limit out of range', async () => {
      expect(await jobs.error('orcaops_list_jobs', { status: 'done' })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('status') });
      expect(await jobs.error('orcaops_list_jobs', { limit: 0 })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('limit') });
    });
  });

  describe('orcaops_get_job_logs', () => {
    it('returns both streams, one step of them, or the last lines, with the offsets of the bytes shown', async () => {
      const { job_id } = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['echo one', 'echo two'] });
      const whole = await jobs.data('orcaops_get_job_logs', { job_id });
      expect(whole).toMatchObject({
        job_id,
        status: 'success',
        stdout: { text: 'step 0 out\nstep 1 out\n', encoding: 'text', replaced: 0, offset: 0, next_offset: null, size: 22, truncated: false },
        stderr: { text: 'step 0 err\nstep 1 err\n', size: 22 },
      });
      expect(await jobs.data('orcaops_get_job_logs', { job_id, step: 1, stream: 'stderr' })).toEqual({
        job_id,
        status: 'success',
        stderr: { text: 'step 1 err\n', encoding: 'text', replaced: 0, offset: 11, next_offset: null, size: 11, truncated: false },
      });
      expect((await jobs.data('orcaops_get_job_logs', { job_id, stream: 'stdout', tail_lines: 1 }))['stdout']).toMatchObject({ text: 'step 1 out\n', offset: 11 });
      const base64 = await jobs.data('orcaops_get_job_logs', { job_id, stream: 'stdout', offset: 11, encoding: 'base64' });
      expect(Buffer.from(base64['stdout']['text'], 'base64').toString()).toBe('step 1 out\n');
    });

    it('answers JOB_NOT_FOUND for an unknown job and VALIDATION_ERROR for a step it does not have', async () => {
      expect(await jobs.error('orcaops_get_job_logs', { job_id: 'job-nope' })).toMatchObject({ code: 'JOB_NOT_FOUND' });
      const { job_id } = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['true'] });
      expect(await jobs.error('orcaops_get_job_logs', { job_id, step: 1 })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('1 steps') });
      expect(await jobs.error('orcaops_get_job_logs', { job_id, stream: 'stdin' })).toMatchObject({ code: 'VALIDATION_ERROR' });
    });
  });

  describe('orcaops_list_artifacts and orcaops_get_artifact', () => {
    const files = { 'reports/a.txt': 'alpha\n', 'reports/b.txt': 'beta beta\n' };

    /** A job whose runner staged `files` (matched by reports/*.txt) and whose container serves them as the engine would. */
    async function jobWithArtifacts(): Promise<string> {
      const manifest = Object.keys(files).map((path, index) => ['f', '0', String(index + 1), path].join('\0') + '\0').join('');
      const staged = { manifest: await tarOf({ manifest }), files: await tarOf(Object.fromEntries(Object.values(files).map((content, index) => [`files/${index + 1}`, content]))) };
      jobs.plan = () => ({ exitCodes: [0] });
      jobs.docker.getArchive = async (_id, path) => {
        const part = /\/artifacts\/(manifest|files)$/.exec(path)?.[1] as keyof typeof staged | undefined;
        if (!part) throw new OrcaError('NOT_FOUND', `No path ${path}.`);
        return Readable.from([staged[part]]);
      };
      const result = await jobs.data('orcaops_run_job', { image: LOCAL_IMAGE, commands: ['make reports'], artifacts: ['reports/*.txt', 'missing/*'] });
      expect(result).toMatchObject({ status: 'success', artifacts_total: 2 });
      return result['job_id'];
    }

    it('lists what a job collected, with sizes, hashes and what matched nothing, and returns a file exactly', async () => {
      const jobId = await jobWithArtifacts();
      const listed = await jobs.data('orcaops_list_artifacts', { job_id: jobId });
      expect(listed).toEqual({
        job_id: jobId,
        status: 'success',
        artifacts: Object.entries(files).map(([path, content]) => ({ path: `workspace/${path}`, size: content.length, sha256: sha256(content), source: 'reports/*.txt' })),
        total: 2,
        next_offset: null,
        skipped: [{ pattern: 'missing/*', reason: 'no match' }],
      });
      expect(await jobs.data('orcaops_list_artifacts', { job_id: jobId, path_prefix: 'workspace/reports/b', limit: 1 })).toMatchObject({
        artifacts: [{ path: 'workspace/reports/b.txt' }],
        total: 1,
        next_offset: null,
      });
      expect(await jobs.data('orcaops_list_artifacts', { job_id: jobId, limit: 1 })).toMatchObject({ artifacts: [{ path: 'workspace/reports/a.txt' }], next_offset: 1 });

      expect(await jobs.data('orcaops_get_artifact', { job_id: jobId, filename: 'workspace/reports/b.txt' })).toEqual({
        job_id: jobId,
        filename: 'workspace/reports/b.txt',
        size: 10,
        sha256: sha256('beta beta\n'),
        offset: 0,
        encoding: 'utf8',
        content: 'beta beta\n',
        next_offset: null,
        truncated: false,
      });
      expect(await jobs.data('orcaops_get_artifact', { job_id: jobId, filename: '/workspace/reports/b.txt', offset: 5, max_bytes: 6, encoding: 'base64' })).toMatchObject({
        offset: 5,
        encoding: 'base64',
        // max_bytes counts the content as it is in the JSON reply, quotes included: "YmV0" is 6 bytes.
        content: Buffer.from('bet').toString('base64'),
        next_offset: 8,
        truncated: true,
      });
    });

    it('answers JOB_NOT_FOUND, ARTIFACT_NOT_FOUND with where to look, and INVALID_PATH for a name leaving the artifacts', async () => {
      expect(await jobs.error('orcaops_list_artifacts', { job_id: 'job-nope' })).toMatchObject({ code: 'JOB_NOT_FOUND' });
      expect(await jobs.error('orcaops_get_artifact', { job_id: 'job-nope', filename: 'x' })).toMatchObject({ code: 'JOB_NOT_FOUND' });
      const jobId = await jobWithArtifacts();
      expect(await jobs.error('orcaops_get_artifact', { job_id: jobId, filename: 'workspace/reports/c.txt' })).toMatchObject({
        code: 'ARTIFACT_NOT_FOUND',
        suggestion: expect.stringContaining('orcaops_list_artifacts'),
      });
      expect(await jobs.error('orcaops_get_artifact', { job_id: jobId, filename: '../../record.json' })).toMatchObject({ code: 'INVALID_PATH' });
      expect(await jobs.error('orcaops_list_artifacts', { job_id: jobId, limit: 1001 })).toMatchObject({ code: 'VALIDATION_ERROR' });
    });
  });
});
