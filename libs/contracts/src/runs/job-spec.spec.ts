import { describe, expect, it } from '@jest/globals';
import { JobSpecSchema, MAX_JOB_LABEL_BYTES, MAX_JOB_LABELS } from './job-spec.js';

const issues = (spec: Record<string, unknown>) => {
  const result = JobSpecSchema.safeParse({ image: 'alpine:3', commands: ['true'], ...spec });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('JobSpecSchema', () => {
  it('refuses NUL and over-long names in every path and name it takes, naming the field', () => {
    const long = 'c'.repeat(300);
    expect(
      issues({
        commands: ['true', { command: 'echo \u0000', cwd: `/w/${long}` }],
        workdir: 'w\u0000',
        artifacts: [`out/${long}`],
        env: { A: 'x\u0000' },
        inputs: { files: [{ path: 'a\u0000', content: '' }], directories: [{ source: '.', target: '/'.repeat(4097), exclude: ['n'.repeat(256)] }] },
      }),
    ).toEqual([
      'commands.1: command: must not contain a NUL character (\\u0000)',
      'env.A: must not contain a NUL character (\\u0000)',
      'workdir: must not contain a NUL character (\\u0000)',
      'artifacts.0: each path component (a name between "/") must be at most 255 bytes (one has 300)',
      'inputs.files.0.path: must not contain a NUL character (\\u0000)',
      'inputs.directories.0.target: Too big: expected string to have <=4096 characters',
      'inputs.directories.0.exclude.0: Too big: expected string to have <=255 characters',
    ]);
  });

  it('says what is wrong with a step in the form it was given', () => {
    expect(issues({ commands: ['echo \u0000', { command: 'ls', cwd: 'a\u0000' }, 42] })).toEqual([
      'commands.0: must not contain a NUL character (\\u0000)',
      'commands.1: cwd: must not contain a NUL character (\\u0000)',
      'commands.2: a step is a command string or an object { command, cwd?, timeout_seconds?, continue_on_error? }',
    ]);
  });

  it('keeps labels few and small enough for every view of the job to fit a reply', () => {
    const labels = (count: number, valueBytes: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 'v'.repeat(valueBytes)]));
    expect(issues({ labels: labels(MAX_JOB_LABELS, 10) })).toEqual([]);
    expect(issues({ labels: labels(MAX_JOB_LABELS + 1, 1) })).toEqual([`labels: at most ${MAX_JOB_LABELS} labels (there are ${MAX_JOB_LABELS + 1})`]);
    expect(issues({ labels: labels(10, 1000) })).toEqual([`labels: labels may take at most ${MAX_JOB_LABEL_BYTES} bytes in all, keys and values (these take 10020)`]);
  });
});
