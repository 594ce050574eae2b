import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import { App } from './App.js';
import { IDLE_FACTOR } from './RunList.js';
import {
  FAILED_JOB_ID,
  FAKE_TOOLS,
  CANCEL_JOB_TOOL,
  JOBS_CATALOG_TOOLS,
  JOB_LOGS,
  OK_JOB_ID,
  RUNS_DATA,
  STEP_LOGS,
  fakeCatalog,
  fakeInvoker,
  jobLogs,
  jobStatus,
  localIso,
  ok,
  runRow,
  type CannedAnswer,
} from './test-fixtures/fake-kernel.js';
import { KEY, REFRESH_MS, pause, renderApp } from './test-fixtures/app-driver.js';
import { waitForFrame, waitForText } from './test-fixtures/wait-for-frame.js';
import type { TuiTool } from './types.js';


/** The fake tools answering with two finished runs, the failed one's status, and its logs (per step when asked). */
const FINISHED: Record<string, CannedAnswer> = {
  orcaops_list_runs: ok(RUNS_DATA),
  orcaops_get_job_status: ok(jobStatus()),
  orcaops_get_job_logs: (args) => ok(typeof args['step'] === 'number' ? STEP_LOGS[args['step']]! : JOB_LOGS),
};

function setup(answers: Record<string, CannedAnswer> = FINISHED, options: { tools?: readonly TuiTool[]; rows?: number } = {}) {
  const onQuit = jest.fn();
  return { ...renderApp(answers, { ...options, tools: options.tools ?? JOBS_CATALOG_TOOLS, onQuit }), onQuit };
}

/** Presses J in the tool list and waits for the run table. */
async function openJobs(view: { lastFrame: () => string | undefined; stdin: { write(data: string): void } }, expected = 'job id') {
  await waitForText(view.lastFrame, 'J jobs');
  view.stdin.write('J');
  return waitForText(view.lastFrame, expected);
}

/** Opens the Jobs view and the first run's detail, waiting for its logs. */
async function openDetail(view: ReturnType<typeof setup>) {
  await openJobs(view);
  view.stdin.write(KEY.enter);
  return waitForText(view.lastFrame, 'stderr ·');
}

/** The screen now, without colours (which depend on the environment: nx forces them, a plain run has none). */
const screen = (view: { lastFrame: () => string | undefined }) => stripVTControlCharacters(view.lastFrame() ?? '');

afterEach(() => {
  cleanup();
});

describe('the Jobs view', () => {
  it('opens with J from the tool list and shows recent runs as a table', async () => {
    const view = setup();
    const frame = await openJobs(view);
    expect(frame).toMatch(/^Jobs {2}orcaops_list_runs · 2 most recent, newest first$/m);
    expect(frame).toMatch(/^ {2}job id +status +image +created +duration$/m);
    // Runs of today show only the time (the fixtures are dated 2026-11-24).
    expect(frame).toMatch(new RegExp(`^› ${FAILED_JOB_ID} +failed +orcaops-test/busybox:latest +(2026-11-24 )?21:14:42 +1\\.5 s$`, 'm'));
    expect(frame).toMatch(new RegExp(`^ {2}${OK_JOB_ID} +success +alpine:3 +(2026-11-24 )?20:10:00 +1m 05s$`, 'm'));
    expect(frame).toContain('? help · ↑↓/j k select · enter open · d delete · / filter · esc back · q quit');
    expect(frame).not.toContain('refreshing');
    expect(view.invoker.calls[0]).toEqual({ name: 'orcaops_list_runs', args: { limit: 50 }, options: expect.anything(), at: expect.any(Number) });
  });

  it('with nothing running, still reads the list now and then, so runs started elsewhere show up', async () => {
    let started = false;
    const view = setup({
      orcaops_list_runs: () => ok(started ? { runs: [runRow({ job_id: 'job-from-elsewhere', status: 'success' }), ...RUNS_DATA.runs], next_offset: null } : RUNS_DATA),
    });
    await openJobs(view);
    started = true;
    await waitForText(view.lastFrame, 'job-from-elsewhere');
    // Five times less often than while a job runs.
    const times = view.invoker.callsOf('orcaops_list_runs').map((call) => call.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(REFRESH_MS * IDLE_FACTOR);
    expect(screen(view)).not.toContain('refreshing');
  });

  it('says when there are no runs yet', async () => {
    const view = setup({ orcaops_list_runs: ok({ runs: [], next_offset: null }) });
    const frame = await openJobs(view, 'No runs yet');
    expect(frame).toContain('orcaops call orcaops_run_job');
  });

  it('uses orcaops_list_jobs when the runs plugin is not loaded', async () => {
    const listJobs: TuiTool = { ...FAKE_TOOLS[1]!, name: 'orcaops_list_jobs', title: 'List jobs', category: 'jobs' };
    const view = setup({ orcaops_list_jobs: ok({ jobs: RUNS_DATA.runs, next_offset: null }) }, { tools: [...FAKE_TOOLS, listJobs] });
    const frame = await openJobs(view);
    expect(frame).toContain('orcaops_list_jobs · 2 most recent');
    expect(frame).toContain(FAILED_JOB_ID);
  });

  it('says when the list tool answers what its schema does not allow, instead of an empty list', async () => {
    const view = setup({ orcaops_list_runs: ok({ runs: [runRow({ status: 'lost' })], next_offset: null }) });
    const frame = await openJobs(view, 'unexpected output from orcaops_list_runs');
    expect(frame).toContain('runs.0.status');
    expect(frame).not.toContain('No runs yet');
  });

  it('says what is missing when no list tool is loaded', async () => {
    const view = setup({}, { tools: FAKE_TOOLS });
    await openJobs(view, 'Neither orcaops_list_runs nor orcaops_list_jobs is loaded');
    expect(view.invoker.calls).toHaveLength(0);
  });

  it('shows a failing list call with its suggestion', async () => {
    const view = setup({
      orcaops_list_runs: { ok: false, error: { code: 'PERMISSION_DENIED', message: 'Cannot read /home/x/.orcaops/runs.', suggestion: 'Check the permissions of ORCAOPS_HOME.' } },
    });
    const frame = await openJobs(view, 'PERMISSION_DENIED');
    expect(frame).toContain('Cannot read /home/x/.orcaops/runs.');
    expect(frame).toContain('→ Check the permissions of ORCAOPS_HOME.');
  });

  it('opens the selected run on Enter: status, image, timing, steps, artifacts and both log streams', async () => {
    const view = setup();
    await openJobs(view);
    view.stdin.write(KEY.enter);
    const frame = await waitForText(view.lastFrame, 'stderr ·');
    expect(frame).toMatch(new RegExp(`^${FAILED_JOB_ID} {2}failed {2}orcaops-test/busybox:latest {2}exit 1$`, 'm'));
    expect(frame).toContain('created 2026-11-24 21:14:42 · started 21:14:43 · finished 21:14:44 · took 1.5 s');
    expect(frame).toMatch(/^steps \(3\) {2}# {2}status +exit +duration +command$/m);
    expect(frame).toMatch(/^ +0 {2}success {2}0 +12 ms +echo hello from a job$/m);
    expect(frame).toMatch(/^ +2 {2}failed {3}1 +1\.2 s +ls \/nonexistent$/m);
    expect(frame).toContain('artifacts (1)  etc/hostname 13 B');
    expect(frame).toContain('logs · whole job');
    const logs = frame.slice(frame.indexOf('stdout ·'));
    expect(logs.split('\n').slice(0, 6)).toEqual(['stdout · 22 B', 'hello from a job', 'more', 'stderr · 49 B', 'oops', 'ls: /nonexistent: No such file or directory']);
    expect(frame).toContain('←→ step · ↑↓/j k pgup pgdn g G scroll logs · esc back · q quit');

    expect(view.invoker.callsOf('orcaops_get_job_status').map((call) => call.args)).toEqual([{ job_id: FAILED_JOB_ID }]);
    expect(view.invoker.callsOf('orcaops_get_job_logs').map((call) => call.args)).toEqual([
      { job_id: FAILED_JOB_ID, stream: 'both', tail_lines: 2000, max_bytes: 65_536 },
    ]);
  });

  it('opens the run selected with the arrow keys', async () => {
    const view = setup({ ...FINISHED, orcaops_get_job_status: (args) => ok(jobStatus({ job_id: args['job_id'], status: 'success', exit_code: 0 })) });
    await openJobs(view);
    view.stdin.write(KEY.down);
    await waitForFrame(view.lastFrame, (frame) => frame.includes(`› ${OK_JOB_ID}`));
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'stderr ·');
    expect(screen(view)).toMatch(new RegExp(`^${OK_JOB_ID} {2}success {2}orcaops-test/busybox:latest {2}exit 0$`, 'm'));
    expect(view.invoker.callsOf('orcaops_get_job_status')[0]!.args).toEqual({ job_id: OK_JOB_ID });
  });

  it('shows the logs of the step chosen with → and ←', async () => {
    const view = setup();
    await openDetail(view);
    view.stdin.write(KEY.right);
    let frame = await waitForText(view.lastFrame, 'logs · step 0 · echo hello from a job');
    frame = await waitForText(view.lastFrame, 'stdout · 17 B');
    expect(frame).toMatch(/^ +› 0 {2}success/m);
    expect(frame).toContain('stderr · no output');
    view.stdin.write(KEY.right);
    view.stdin.write(KEY.right);
    frame = await waitForFrame(view.lastFrame, (text) => text.includes('logs · step 2 · ls /nonexistent') && text.includes('stdout · no output'));
    expect(frame).toContain('stderr · 44 B');
    expect(frame).toContain('ls: /nonexistent: No such file or directory');
    // The last step is the end.
    view.stdin.write(KEY.right);
    await pause(50);
    expect(screen(view)).toContain('logs · step 2');
    // Keys that arrive together may skip a step's request; the one shown last was asked for last.
    const steps = view.invoker.callsOf('orcaops_get_job_logs').map((call) => call.args['step']);
    expect(steps.slice(0, 2)).toEqual([undefined, 0]);
    expect(steps.at(-1)).toBe(2);

    for (let step = 0; step < 3; step += 1) view.stdin.write(KEY.left);
    frame = await waitForText(view.lastFrame, 'logs · whole job');
    await waitForText(view.lastFrame, 'stdout · 22 B');
  });

  it('shows the job error with its suggestion', async () => {
    const view = setup({
      ...FINISHED,
      orcaops_get_job_status: ok(
        jobStatus({ status: 'timed_out', error: { code: 'JOB_TIMEOUT', message: 'Job exceeded its time limit.', suggestion: 'Raise timeout or split the work, then run it again.' } }),
      ),
    });
    const frame = await openDetail(view);
    expect(frame).toMatch(/^JOB_TIMEOUT {2}Job exceeded its time limit\.$/m);
    expect(frame).toContain('→ Raise timeout or split the work, then run it again.');
  });

  it('says when the status tool answers what its schema does not allow, and still shows the logs', async () => {
    const view = setup({ ...FINISHED, orcaops_get_job_status: ok(jobStatus({ steps: [{ index: 0, command: 'true' }] })) });
    await openJobs(view);
    view.stdin.write(KEY.enter);
    const frame = await waitForText(view.lastFrame, 'unexpected output from orcaops_get_job_status');
    expect(frame).toContain('steps.0.status');
    await waitForText(view.lastFrame, 'stdout · 22 B');
  });

  it('shows a failed status call with its suggestion', async () => {
    const view = setup({
      ...FINISHED,
      orcaops_get_job_status: { ok: false, error: { code: 'JOB_NOT_FOUND', message: `No job "${FAILED_JOB_ID}".`, suggestion: 'Use orcaops_list_jobs to see known jobs.' } },
    });
    await openJobs(view);
    view.stdin.write(KEY.enter);
    const frame = await waitForText(view.lastFrame, 'JOB_NOT_FOUND');
    expect(frame).toContain(`No job "${FAILED_JOB_ID}".`);
    expect(frame).toContain('→ Use orcaops_list_jobs to see known jobs.');
  });

  it('goes back with Esc: from the run to the list (same run selected), from the list to the tools', async () => {
    const view = setup();
    await openJobs(view);
    view.stdin.write(KEY.down);
    await waitForFrame(view.lastFrame, (frame) => frame.includes(`› ${OK_JOB_ID}`));
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'stderr ·');
    const listed = view.invoker.callsOf('orcaops_list_runs').length;
    view.stdin.write(KEY.escape);
    // The list is asked again, and the run that was open is still the one selected.
    let frame = await waitForText(view.lastFrame, `› ${OK_JOB_ID}`);
    expect(frame).toContain('enter open');
    expect(view.invoker.callsOf('orcaops_list_runs').length).toBeGreaterThan(listed);
    view.stdin.write(KEY.escape);
    frame = await waitForText(view.lastFrame, 'enter run');
    expect(frame).toMatch(/› Job status/);
    expect(frame).not.toContain(FAILED_JOB_ID);
  });

  it('goes to the list with J from a run, and from a result (cancelling its call)', async () => {
    const view = setup();
    await openDetail(view);
    view.stdin.write('J');
    await waitForText(view.lastFrame, 'enter open');

    const pending = fakeInvoker();
    const other = render(<App catalog={fakeCatalog(JOBS_CATALOG_TOOLS)} invoker={pending} version="1" refreshMs={REFRESH_MS} initialView="list" />);
    await waitForText(other.lastFrame, 'J jobs');
    other.stdin.write(KEY.down);
    other.stdin.write(KEY.down);
    await waitForFrame(other.lastFrame, (frame) => /› System information/.test(frame));
    other.stdin.write(KEY.enter);
    await waitForText(other.lastFrame, 'esc cancel · J jobs');
    other.stdin.write('J');
    await waitForText(other.lastFrame, 'loading runs…');
    // The list is asked for just after that first frame.
    await waitForFrame(other.lastFrame, () => pending.calls.length === 2);
    expect(pending.calls[0]!.name).toBe('orcaops_system_info');
    expect(pending.calls[0]!.options?.signal?.aborted).toBe(true);
    expect(pending.calls[1]!.name).toBe('orcaops_list_runs');
  });

  it('refreshes the list while a job runs, keeps the selection on the same run, and stops when none runs', async () => {
    const running = runRow({ job_id: 'job-running', status: 'running', duration_ms: null, finished_at: null });
    const newer = runRow({ job_id: 'job-newer', status: 'queued', duration_ms: null, finished_at: null });
    let phase = 0;
    const view = setup({
      orcaops_list_runs: () => {
        if (phase === 0) return ok({ runs: [running, RUNS_DATA.runs[1]], next_offset: null });
        if (phase === 1) return ok({ runs: [newer, running, RUNS_DATA.runs[1]], next_offset: null });
        return ok({ runs: [{ ...newer, status: 'success', duration_ms: 300 }, { ...running, status: 'success', duration_ms: 2500 }, RUNS_DATA.runs[1]], next_offset: null });
      },
    });
    let frame = await openJobs(view, 'job-running');
    expect(frame).toMatch(/^› job-running +running /m);
    expect(frame).toContain(`↻ refreshing every ${REFRESH_MS} ms`);
    // Asked again while a job is running.
    await waitForFrame(view.lastFrame, () => view.invoker.callsOf('orcaops_list_runs').length >= 3);

    view.stdin.write(KEY.down);
    await waitForFrame(view.lastFrame, (text) => text.includes(`› ${OK_JOB_ID}`));
    phase = 1;
    // A new run on top does not move the selection off the run the user chose.
    frame = await waitForFrame(view.lastFrame, (text) => /job-newer +queued/.test(text));
    expect(frame).toContain(`› ${OK_JOB_ID}`);

    phase = 2;
    frame = await waitForFrame(view.lastFrame, (text) => /job-running +success .* 2\.5 s$/m.test(text));
    expect(frame).toMatch(/job-newer +success .* 300 ms$/m);
    expect(frame).not.toContain('refreshing');
    // Nothing runs any more: the next read comes at the idle pace.
    const idleFrom = view.invoker.callsOf('orcaops_list_runs').length;
    await waitForFrame(view.lastFrame, () => view.invoker.callsOf('orcaops_list_runs').length > idleFrom);
    const times = view.invoker.callsOf('orcaops_list_runs').map((call) => call.at);
    expect(times[idleFrom]! - times[idleFrom - 1]!).toBeGreaterThanOrEqual(REFRESH_MS * IDLE_FACTOR);
  });

  it('refreshes a running job and its logs until it ends', async () => {
    let done = false;
    const runningStatus = jobStatus({
      status: 'running',
      exit_code: null,
      finished_at: null,
      duration_ms: null,
      steps: [{ index: 0, command: 'make test', status: 'running', exit_code: null, duration_ms: null, stdout_tail: '', stderr_tail: '', output_truncated: false }],
    });
    const finishedStatus = jobStatus({
      status: 'success',
      exit_code: 0,
      steps: [{ index: 0, command: 'make test', status: 'success', exit_code: 0, duration_ms: 1400, stdout_tail: '', stderr_tail: '', output_truncated: false }],
    });
    let logCalls = 0;
    const view = setup({
      orcaops_list_runs: ok({ runs: [runRow({ status: 'running', duration_ms: null })], next_offset: null }),
      orcaops_get_job_status: () => ok(done ? finishedStatus : runningStatus),
      orcaops_get_job_logs: () => {
        logCalls += 1;
        const lines = Array.from({ length: Math.min(logCalls, 3) }, (_, index) => `test ${index + 1} passed`).join('\n');
        return ok(jobLogs(`${lines}\n`, '', { status: done ? 'success' : 'running' }));
      },
    });
    await openJobs(view);
    view.stdin.write(KEY.enter);
    let frame = await waitForText(view.lastFrame, 'test 3 passed');
    expect(frame).toMatch(new RegExp(`^${FAILED_JOB_ID} {2}running {2}orcaops-test/busybox:latest {2}↻ refreshing every ${REFRESH_MS} ms$`, 'm'));
    expect(frame).toMatch(/started 21:14:43 · running for /);
    expect(frame).toMatch(/^ +0 {2}running {2}— +— +make test$/m);

    done = true;
    const logCallsBeforeEnd = logCalls;
    frame = await waitForText(view.lastFrame, 'took 1.5 s');
    frame = await waitForFrame(view.lastFrame, (text) => /^ +0 {2}success {2}0 +1\.4 s +make test$/m.test(text));
    expect(frame).not.toContain('refreshing');
    // The two tools are polled apart: the logs poll may still have one read in flight that saw the job running.
    for (let i = 0; i < 100 && logCalls === logCallsBeforeEnd; i++) await pause(REFRESH_MS);
    await pause(REFRESH_MS * 2);
    const statusCalls = view.invoker.callsOf('orcaops_get_job_status').length;
    const logsCalls = view.invoker.callsOf('orcaops_get_job_logs').length;
    await pause(REFRESH_MS * 5);
    expect(view.invoker.callsOf('orcaops_get_job_status')).toHaveLength(statusCalls);
    expect(view.invoker.callsOf('orcaops_get_job_logs')).toHaveLength(logsCalls);
  });

  it('cancels a running job with c after a confirmation; a finished one offers no c', async () => {
    let cancelled = false;
    const running = jobStatus({ status: 'running', exit_code: null, finished_at: null, duration_ms: null });
    const view = setup({
      orcaops_list_runs: ok({ runs: [runRow({ status: 'running', duration_ms: null })], next_offset: null }),
      orcaops_get_job_status: () => ok(cancelled ? jobStatus({ status: 'cancelled' }) : running),
      orcaops_get_job_logs: () => ok(jobLogs('partial\n', '', { status: cancelled ? 'cancelled' : 'running' })),
      orcaops_cancel_job: () => {
        cancelled = true;
        return ok(jobStatus({ status: 'cancelled' }));
      },
    }, { tools: [...JOBS_CATALOG_TOOLS, CANCEL_JOB_TOOL] });
    await openJobs(view);
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'c cancel');
    view.stdin.write('c');
    await waitForText(view.lastFrame, `Cancel job ${FAILED_JOB_ID}?`);
    view.stdin.write('n');
    await waitForFrame(view.lastFrame, (frame) => frame.includes('c cancel') && !frame.includes('Cancel job'));
    expect(view.invoker.callsOf('orcaops_cancel_job')).toHaveLength(0);
    view.stdin.write('c');
    await waitForText(view.lastFrame, 'y/enter cancel');
    view.stdin.write('y');
    await waitForText(view.lastFrame, `✓ Job ${FAILED_JOB_ID} is cancelled.`);
    expect(view.invoker.callsOf('orcaops_cancel_job').map((call) => call.args)).toEqual([{ job_id: FAILED_JOB_ID }]);
    const frame = await waitForFrame(view.lastFrame, (text) => !text.includes('c cancel') && text.includes('esc back'));
    expect(frame).not.toContain('refreshing');
    view.stdin.write('c');
    await pause(REFRESH_MS * 3);
    expect(view.invoker.callsOf('orcaops_cancel_job')).toHaveLength(1);
    expect(view.lastFrame()).not.toContain('Cancel job');
  });

  it('scrolls long logs, starting at the end, with the result scroll keys', async () => {
    const long = Array.from({ length: 60 }, (_, index) => `line ${String(index + 1).padStart(2, '0')}`).join('\n');
    const view = setup({ ...FINISHED, orcaops_get_job_logs: ok(jobLogs(`${long}\n`, 'warning: done\n')) }, { rows: 30 });
    await openJobs(view);
    view.stdin.write(KEY.enter);
    let frame = await waitForText(view.lastFrame, 'warning: done');
    expect(frame).toContain('line 60');
    expect(frame).not.toContain('line 01');
    expect(frame).toMatch(/lines \d+–63 of 63 · ↑↓ j k pgup pgdn g G scroll/);
    expect(frame.split('\n').length).toBeLessThan(30);

    view.stdin.write('g');
    frame = await waitForText(view.lastFrame, 'line 01');
    expect(frame).toContain('stdout · ');
    expect(frame).not.toContain('warning: done');
    view.stdin.write('jjj');
    frame = await waitForText(view.lastFrame, 'lines 4–');
    expect(frame).not.toContain('line 01');
    view.stdin.write('G');
    await waitForText(view.lastFrame, 'warning: done');
  });

  it('quits with q from a run, aborting the calls still in flight', async () => {
    const pending = fakeInvoker();
    const onQuit = jest.fn();
    const view = render(<App catalog={fakeCatalog(JOBS_CATALOG_TOOLS)} invoker={pending} version="1" refreshMs={REFRESH_MS} onQuit={onQuit} initialView="list" />);
    await waitForText(view.lastFrame, 'J jobs');
    view.stdin.write('J');
    await waitForFrame(view.lastFrame, () => pending.calls.length === 1);
    pending.calls[0]!.resolve(ok(RUNS_DATA));
    await waitForText(view.lastFrame, `› ${FAILED_JOB_ID}`);
    view.stdin.write(KEY.enter);
    await waitForFrame(view.lastFrame, () => pending.calls.length === 3);
    expect(pending.calls.slice(1).map((call) => call.name).sort()).toEqual(['orcaops_get_job_logs', 'orcaops_get_job_status']);
    view.stdin.write('q');
    await waitForFrame(view.lastFrame, () => onQuit.mock.calls.length === 1);
    await waitForFrame(view.lastFrame, () => pending.calls.slice(1).every((call) => call.options?.signal?.aborted === true));
  });

  it('windows a long list of runs around the selection', async () => {
    const runs = Array.from({ length: 40 }, (_, index) => runRow({ job_id: `job-${String(index).padStart(2, '0')}`, created_at: localIso(10, index, 0) }));
    const view = setup({ orcaops_list_runs: ok({ runs, next_offset: null }) }, { rows: 20 });
    let frame = await openJobs(view);
    expect(frame).toContain('job-00');
    expect(frame).not.toContain('job-39');
    expect(frame).toMatch(/\(1–\d+ of 40\)/);
    expect(frame.split('\n').length).toBeLessThan(20);
    for (let index = 0; index < 39; index += 1) view.stdin.write('j');
    frame = await waitForFrame(view.lastFrame, (text) => text.includes('› job-39'));
    expect(frame).not.toContain('job-00');
  });
});
