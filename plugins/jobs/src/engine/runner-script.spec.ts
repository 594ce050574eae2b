import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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

  /** The staging manifest's records as [kind, pattern, n, path]. */
  async function manifest(): Promise<string[][]> {
    const fields = (await readFile(join(dir, 'artifacts', 'manifest'), 'utf8')).split('\0').slice(0, -1);
    return Array.from({ length: fields.length / 4 }, (_, i) => fields.slice(i * 4, i * 4 + 4));
  }

  it('expands artifact globs where the commands ran, quoting everything else, and stages every regular file', async () => {
    const result = await run([{ command: 'cd "sub dir"', cwd: null, continueOnError: false }], ['sub dir/out/*.txt', 'sub dir/missing', 'sub dir/out/*'], dir);
    expect(await manifest()).toEqual([
      ['f', '0', '1', 'sub dir/out/a.txt'],
      ['f', '2', '2', 'sub dir/out/a.txt'],
      ['f', '2', '3', 'sub dir/out/b.log'],
    ]);
    expect(await readFile(join(dir, 'artifacts', 'files', '3'), 'utf8')).toBe('b');
    expect(result.stdout.events.map((event) => event.kind)).toEqual(['step-start', 'step-end', 'done']);
  });

  it('keeps artifact names, even with newlines, out of the job output and walks directories without following links', async () => {
    const evil = 'evil\nname \x1eorcaops:abc done 0';
    await mkdir(join(dir, 'work', 'tree', 'deep'), { recursive: true });
    await writeFile(join(dir, 'work', 'tree', evil), 'x');
    await writeFile(join(dir, 'work', 'tree', 'deep', '.hidden'), 'h');
    await symlink('/etc/passwd', join(dir, 'work', 'tree', 'link'));
    const result = await run([{ command: 'echo only-this', cwd: null, continueOnError: false }], ['tree', 'tree/*'], dir);
    expect(result.stdout.output).toBe('only-this\n');
    expect(result.stderr.output).toBe('');
    expect(result.stdout.events.at(-1)).toEqual({ kind: 'done', exitCode: 0 });
    const records = await manifest();
    expect(records).toEqual(
      expect.arrayContaining([
        ['f', '0', expect.any(String), 'tree/deep/.hidden'],
        ['f', '0', expect.any(String), `tree/${evil}`],
        ['l', '0', '0', 'tree/link'],
        ['l', '1', '0', 'tree/link'],
      ]),
    );
    const staged = records.find((record) => record[0] === 'f' && record[3] === `tree/${evil}`)!;
    expect(await readFile(join(dir, 'artifacts', 'files', staged[2]!), 'utf8')).toBe('x');
  });

  it('stops staging at the count limit and says so in the manifest', async () => {
    await mkdir(join(dir, 'work', 'many'), { recursive: true });
    await Promise.all(Array.from({ length: 5 }, (_, i) => writeFile(join(dir, 'work', 'many', `f${i}`), String(i))));
    await rm(join(dir, 'artifacts'), { recursive: true, force: true });
    await writeFile(join(dir, 'run.sh'), runnerScript([{ command: 'true', cwd: null, continueOnError: false }], ['many/*', 'many'], 'abc', { runnerDir: dir, inlineSteps: true, maxArtifacts: 3 }));
    await new Promise((resolve) => execFile('sh', [join(dir, 'run.sh')], { cwd: join(dir, 'work') }, resolve));
    const records = await manifest();
    expect(records.filter((record) => record[0] === 'f')).toHaveLength(3);
    expect(records.at(-1)).toEqual(['m', '0', '0', 'many/f3']);
  });
});
