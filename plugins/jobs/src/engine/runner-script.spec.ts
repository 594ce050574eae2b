import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarkerParser, type MarkerEvent } from './marker-parser.js';
import { runnerScript, type RunnerStep } from './runner-script.js';

/** Runs the generated script with the host's sh, as the container would, and parses both streams. */
async function run(steps: RunnerStep[], artifacts: string[], dir: string, inlineSteps = false) {
  await rm(join(dir, 'steps'), { recursive: true, force: true });
  await mkdir(join(dir, 'steps'), { recursive: true });
  await Promise.all(steps.map((step, index) => writeFile(join(dir, 'steps', `${index}.sh`), step.command)));
  await writeFile(join(dir, 'run.sh'), runnerScript(steps, artifacts, 'abc', { runnerDir: dir, inlineSteps }));
  const { stdout, stderr, code } = await new Promise<{ stdout: Buffer; stderr: Buffer; code: number }>((resolve) => {
    execFile('sh', [join(dir, 'run.sh')], { cwd: join(dir, 'work'), encoding: 'buffer' }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: error ? Number(error.code) : 0 }),
    );
  });
  const parse = (bytes: Buffer) => {
    let output = '';
    const events: MarkerEvent[] = [];
    const parser = new MarkerParser('abc', { output: (chunk) => (output += chunk), marker: (event) => events.push(event) });
    parser.push(bytes);
    parser.end();
    return { output, events };
  };
  return { stdout: parse(stdout), stderr: parse(stderr), code };
}

describe('runnerScript', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orcaops-runner-'));
    await mkdir(join(dir, 'work', 'sub dir', 'out'), { recursive: true });
    await writeFile(join(dir, 'work', 'sub dir', 'out', 'a.txt'), 'a');
    await writeFile(join(dir, 'work', 'sub dir', 'out', 'b.log'), 'b');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs steps in order, marks boundaries on both streams and stops at the first failure', async () => {
    const result = await run(
      [
        { command: "echo 'it''s' one; echo err >&2", cwd: null, continueOnError: false },
        { command: 'printf no-newline; exit 4', cwd: 'sub dir', continueOnError: false },
        { command: 'echo never', cwd: null, continueOnError: false },
      ],
      [],
      dir,
    );
    expect(result.code).toBe(4);
    expect(result.stdout.output).toBe("its one\nno-newline");
    expect(result.stderr.output).toBe('err\n');
    const expected = [
      { kind: 'step-start', step: 0 },
      { kind: 'step-end', step: 0, exitCode: 0 },
      { kind: 'step-start', step: 1 },
      { kind: 'step-end', step: 1, exitCode: 4 },
      { kind: 'done', exitCode: 4 },
    ];
    expect(result.stdout.events).toEqual(expected);
    expect(result.stderr.events).toEqual(expected);
  });

  it('runs the same steps with their commands quoted into the script', async () => {
    const steps = [
      { command: "echo 'it''s' one; echo err >&2", cwd: null, continueOnError: false },
      { command: 'printf no-newline; exit 4', cwd: 'sub dir', continueOnError: false },
    ];
    const inline = await run(steps, [], dir, true);
    const files = await run(steps, [], dir, false);
    expect(inline).toEqual(files);
  });

  it('continues after a failing step marked continue_on_error and reports the failure at the end', async () => {
    const result = await run(
      [
        { command: 'exit 2', cwd: null, continueOnError: true },
        { command: 'echo after', cwd: null, continueOnError: false },
      ],
      [],
      dir,
    );
    expect(result.stdout.output).toBe('after\n');
    expect(result.code).toBe(2);
  });

  it('expands artifact globs where the commands ran, quoting everything else', async () => {
    const result = await run([{ command: 'cd "sub dir"', cwd: null, continueOnError: false }], ['sub dir/out/*.txt', 'sub dir/missing', 'sub dir/out/*'], dir);
    expect(result.stdout.events.filter((event) => event.kind === 'artifact')).toEqual([
      { kind: 'artifact', pattern: 0, path: 'sub dir/out/a.txt' },
      { kind: 'artifact', pattern: 2, path: 'sub dir/out/a.txt' },
      { kind: 'artifact', pattern: 2, path: 'sub dir/out/b.log' },
    ]);
  });
});
