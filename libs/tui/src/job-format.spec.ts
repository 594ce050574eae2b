import { describe, expect, it } from '@jest/globals';
import {
  formatDuration,
  formatInterval,
  formatTime,
  isActive,
  jobDuration,
  lineString,
  logArgs,
  logLines,
  outputLines,
  readJob as readJobOutput,
  readRuns as readRunsOutput,
  runTable,
  summaryLines,
  windowAround,
} from './job-format.js';
import type { OutputRead } from './read-output.js';
import { FAILED_JOB_ID, JOB_LOGS, OK_JOB_ID, RUNS_DATA, jobLogs, jobRow, jobStatus, localIso, runRow } from './test-fixtures/fake-kernel.js';

const texts = (lines: ReadonlyArray<Parameters<typeof lineString>[0]>) => lines.map(lineString);
/** The value read, failing the test with the problem when the output did not parse. */
const valueOf = <T>(read: OutputRead<T>): T => {
  if (!read.ok) throw new Error(read.problem);
  return read.value;
};
const readRuns = (data: Record<string, unknown>) => valueOf(readRunsOutput(data));
const readJob = (data: Record<string, unknown>) => valueOf(readJobOutput(data));

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0 ms'],
    [340, '340 ms'],
    [1494, '1.5 s'],
    [59_949, '59.9 s'],
    [65_000, '1m 05s'],
    [3_723_000, '1h 02m'],
    [-5, '—'],
  ])('%p → %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatInterval', () => {
  it('shows seconds from one second up', () => {
    expect(formatInterval(2000)).toBe('2 s');
    expect(formatInterval(1500)).toBe('1.5 s');
    expect(formatInterval(20)).toBe('20 ms');
  });
});

describe('formatTime', () => {
  it('shows local date and time, or only the time on the same day as the reference', () => {
    expect(formatTime(localIso(21, 4, 2))).toBe('2026-11-24 21:04:02');
    expect(formatTime(localIso(21, 4, 2), localIso(8, 0, 0))).toBe('21:04:02');
    expect(formatTime(new Date(2026, 11, 1, 0, 0, 1).toISOString(), localIso(8, 0, 0))).toBe('2026-12-01 00:00:01');
  });

  it('shows missing and unparseable times as they are', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('yesterday')).toBe('yesterday');
  });
});

describe('jobDuration', () => {
  const since = localIso(10, 0, 0);
  const now = Date.parse(since) + 4200;
  it('uses the duration once there is one, and the time so far (marked …) while active', () => {
    expect(jobDuration({ status: 'success', duration_ms: 1494, since }, now)).toBe('1.5 s');
    expect(jobDuration({ status: 'running', duration_ms: null, since }, now)).toBe('4.2 s…');
    expect(jobDuration({ status: 'queued', duration_ms: null, since }, now)).toBe('4.2 s…');
    expect(jobDuration({ status: 'cancelled', duration_ms: null, since }, now)).toBe('—');
  });

  it('knows which statuses still change', () => {
    expect(['queued', 'running', 'success', 'failed', 'timed_out', 'cancelled'].filter(isActive)).toEqual(['queued', 'running']);
  });
});

describe('readRuns and runTable', () => {
  it('reads orcaops_list_runs and orcaops_list_jobs rows alike', () => {
    expect(readRuns(RUNS_DATA).map((row) => row.job_id)).toEqual([FAILED_JOB_ID, OK_JOB_ID]);
    expect(readRuns({ jobs: [jobRow({ image: 'x:1' })], next_offset: null })[0]).toMatchObject({ image: 'x:1', status: 'failed' });
  });

  it('says which tool answered what it could not read, instead of showing blanks', () => {
    expect(readRunsOutput({})).toEqual({ ok: false, problem: expect.stringMatching(/^unexpected output from orcaops_list_runs: runs: /) });
    expect(readRunsOutput({ jobs: [{ ...jobRow(), image: { ref: 'x:1' } }] })).toEqual({ ok: false, problem: expect.stringMatching(/^unexpected output from orcaops_list_jobs: jobs\.0\.image: /) });
    expect(readJobOutput(jobStatus({ status: 'lost' }))).toEqual({ ok: false, problem: expect.stringMatching(/^unexpected output from orcaops_get_job_status: status: /) });
    expect(texts(logLines({ stdout: { text: 'x' } }))).toEqual([expect.stringMatching(/^unexpected output from orcaops_get_job_logs: stdout\.size: /)]);
  });

  it('lays the runs out in aligned columns with the selected one marked', () => {
    const table = runTable(readRuns(RUNS_DATA), 1, new Date(2026, 11, 1).getTime());
    expect(texts([table.header, ...table.rows])).toEqual([
      '  job id                       status   image                        created              duration',
      '  job-20261124T211442Z-e636e6  failed   orcaops-test/busybox:latest  2026-11-24 21:14:42  1.5 s',
      '› job-20261124T201000Z-0a1b2c  success  alpine:3                     2026-11-24 20:10:00  1m 05s',
    ]);
    const status = table.rows[0]!.find((segment) => segment.text.startsWith('failed'));
    expect(status?.color).toBe('red');
    expect(table.rows[1]![1]).toMatchObject({ inverse: true, bold: true });
  });

  it('shows only the time for runs of the day the list was read, and the time so far for running jobs', () => {
    const created = localIso(9, 0, 0);
    const rows = readRuns({ runs: [runRow({ status: 'running', duration_ms: null, created_at: created }), runRow({ status: 'timed_out' })] });
    const table = runTable(rows, 0, Date.parse(created) + 3000);
    expect(texts([table.header, ...table.rows])).toEqual([
      '  job id                       status     image                        created   duration',
      '› job-20261124T211442Z-e636e6  running    orcaops-test/busybox:latest  09:00:00  3.0 s…',
      '  job-20261124T211442Z-e636e6  timed_out  orcaops-test/busybox:latest  21:14:42  1.5 s',
    ]);
  });
});

describe('summaryLines', () => {
  const now = Date.parse(localIso(21, 15, 0));

  it('shows status, image, exit code, timing, steps, artifacts and what the logs below are', () => {
    expect(texts(summaryLines(readJob(jobStatus()), null, now))).toEqual([
      'job-20261124T211442Z-e636e6  failed  orcaops-test/busybox:latest  exit 1',
      'created 2026-11-24 21:14:42 · started 21:14:43 · finished 21:14:44 · took 1.5 s',
      '',
      'steps (3)  #  status   exit  duration  command',
      '           0  success  0     12 ms     echo hello from a job',
      '           1  success  0     8 ms      echo oops >&2; echo more',
      '           2  failed   1     1.2 s     ls /nonexistent',
      'artifacts (1)  etc/hostname 13 B',
      '',
      'logs · whole job  (←→ choose a step)',
    ]);
  });

  it('marks the chosen step and names it above the logs', () => {
    const lines = texts(summaryLines(readJob(jobStatus()), 2, now));
    expect(lines).toContain('         › 2  failed   1     1.2 s     ls /nonexistent');
    expect(lines.at(-1)).toBe('logs · step 2 · ls /nonexistent  (←→ choose a step)');
  });

  it('shows the error with its suggestion, a cleanup problem and uncollected artifacts', () => {
    const job = readJob(
      jobStatus({
        status: 'timed_out',
        error: { code: 'JOB_TIMEOUT', message: 'Job exceeded its time limit.', suggestion: 'Raise timeout or split the work.' },
        cleanup: { container_removed: false, error: 'container busy' },
        artifacts: [],
        artifacts_skipped: [{ pattern: '/out/*.tar', reason: 'no match' }],
      }),
    );
    const lines = texts(summaryLines(job, null, now));
    expect(lines.slice(2, 5)).toEqual(['JOB_TIMEOUT  Job exceeded its time limit.', '→ Raise timeout or split the work.', 'cleanup: container busy']);
    expect(lines).toContain('artifacts  —');
    expect(lines).toContain('not collected  /out/*.tar (no match)');
  });

  it('shows how long a running job has been going, and a queued job without steps', () => {
    const running = readJob(jobStatus({ status: 'running', exit_code: null, finished_at: null, duration_ms: null, started_at: localIso(21, 14, 50) }));
    expect(texts(summaryLines(running, null, now))[1]).toBe('created 2026-11-24 21:14:42 · started 21:14:50 · running for 10.0 s…');
    const queued = readJob(jobStatus({ status: 'queued', exit_code: null, started_at: null, finished_at: null, duration_ms: null, steps: [] }));
    const lines = texts(summaryLines(queued, null, now));
    expect(lines[1]).toBe('created 2026-11-24 21:14:42 · waiting to start');
    expect(lines).toContain('steps  — (none yet)');
    expect(lines.at(-1)).toBe('logs · whole job');
  });

  it('shows a window of steps around the chosen one when there are many', () => {
    const steps = Array.from({ length: 20 }, (_, index) => ({ index, command: `step ${index}`, status: 'success', exit_code: 0, duration_ms: 1 }));
    const lines = texts(summaryLines(readJob(jobStatus({ steps })), 15, now));
    const rows = lines.filter((line) => /^ +(›|\s) \d+ /.test(line));
    expect(rows).toHaveLength(6);
    expect(rows.some((line) => line.includes('› 15'))).toBe(true);
    expect(lines).toContain('            (steps 12–17 of 20; ←→ moves)');
  });
});

describe('logs', () => {
  it('asks for both streams, bounded, for the job or one step', () => {
    expect(logArgs('j1', null)).toEqual({ job_id: 'j1', stream: 'both', tail_lines: 2000, max_bytes: 65_536 });
    expect(logArgs('j1', 0)).toEqual({ job_id: 'j1', stream: 'both', tail_lines: 2000, max_bytes: 65_536, step: 0 });
  });

  it('puts each stream under its own heading, stderr in red', () => {
    const lines = logLines(JOB_LOGS);
    expect(texts(lines)).toEqual(['stdout · 22 B', 'hello from a job', 'more', 'stderr · 49 B', 'oops', 'ls: /nonexistent: No such file or directory']);
    expect(lines[4]![0]!.color).toBe('red');
    expect(lines[1]![0]!.color).toBeUndefined();
  });

  it('says when a stream is empty or only its end is shown', () => {
    const data = jobLogs('', 'tail\n', { stderr: { text: 'tail\n', offset: 95, next_offset: null, size: 100, truncated: true } });
    expect(texts(logLines(data))).toEqual(['stdout · no output', 'stderr · last 5 B of 100 B', 'tail']);
  });

  it('cleans output for the screen: colours, carriage returns, tabs and other control characters', () => {
    expect(outputLines('\u001B[31mred\u001B[0m\r\nprogress 10%\rprogress 100%\na\tb\u0007\n')).toEqual(['red', 'progress 100%', 'a       b']);
    expect(outputLines('')).toEqual([]);
    expect(outputLines('no newline at the end')).toEqual(['no newline at the end']);
  });
});

describe('windowAround', () => {
  it('keeps the focus inside, roughly centred', () => {
    expect(windowAround(3, 6, 2)).toEqual([0, 3]);
    expect(windowAround(20, 6, 0)).toEqual([0, 6]);
    expect(windowAround(20, 6, 10)).toEqual([7, 13]);
    expect(windowAround(20, 6, 19)).toEqual([14, 20]);
  });
});
