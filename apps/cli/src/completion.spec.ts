import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMMANDS } from './cli-args.js';
import { completionScript } from './commands/completion.js';

const run = promisify(execFile);

/** Whether a shell is installed (tools/test-engine/up.sh installs zsh and fish for CI). */
async function have(shell: string): Promise<boolean> {
  return run(shell, ['-c', 'true']).then(
    () => true,
    () => false,
  );
}

/**
 * The completion scripts loaded into real shells. `orcaops` on PATH is a stand-in that answers the three
 * questions the scripts ask (job ids, sandbox names, tool names), so these tests check the scripts, not a store.
 */
describe('orcaops completion', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orcaops-completion-'));
    const stub = join(dir, 'orcaops');
    writeFileSync(
      stub,
      ['#!/bin/sh', 'case "$1 $2" in', '  "jobs -q") echo job-20261207-aaa; echo job-20261207-bbb ;;', '  "sandbox list") echo web1 ;;', '  "sandbox templates") echo web-dev; echo api-testing ;;', '  "tools -q") echo orcaops_list_jobs; echo orcaops_system_info ;;', 'esac', ''].join('\n'),
    );
    chmodSync(stub, 0o755);
    for (const shell of ['bash', 'zsh', 'fish'] as const) writeFileSync(join(dir, `completion.${shell}`), completionScript(shell));
    env = { ...process.env, PATH: `${dir}:${process.env['PATH']}`, HOME: dir };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What bash offers for the last word of `line` (a trailing space means a new, empty word). */
  async function bash(line: string): Promise<string[]> {
    const words = line.split(' ');
    const script = `source ${join(dir, 'completion.bash')}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _orcaops; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await run('bash', ['-c', script], { env });
    return stdout.split('\n').filter(Boolean).sort();
  }

  it('bash: offers every command, each command its own options, and option values', async () => {
    expect(await bash('orcaops ')).toEqual([...Object.keys(COMMANDS), 'mcp', '--help', '--version'].sort());
    expect(await bash('orcaops lo')).toEqual(['logs']);
    expect(await bash('orcaops logs job-1 --st')).toEqual(['--step', '--stream']);
    expect(await bash('orcaops logs job-1 --stream ')).toEqual(['both', 'stderr', 'stdout']);
    expect(await bash('orcaops jobs --status f')).toEqual(['failed']);
    expect(await bash('orcaops runs cleanup --')).toEqual(['--config', '--debug', '--dry-run', '--help', '--json', '--older-than', '--read-only']);
  });

  it('bash: offers job ids, sandbox names and tool names where they go, counting positions past options', async () => {
    expect(await bash('orcaops logs ')).toEqual(['job-20261207-aaa', 'job-20261207-bbb']);
    expect(await bash('orcaops logs --stream stderr job-20261207-b')).toEqual(['job-20261207-bbb']);
    expect(await bash('orcaops cancel job-20261207-aaa ')).toEqual(['job-20261207-aaa', 'job-20261207-bbb']);
    expect(await bash('orcaops artifacts job-20261207-aaa ')).toEqual(['get']);
    expect(await bash('orcaops sandbox ')).toEqual(['create', 'down', 'exec', 'list', 'remove', 'templates', 'up']);
    expect(await bash('orcaops sandbox create ')).toEqual(['api-testing', 'web-dev']);
    expect(await bash('orcaops sandbox remove w')).toEqual(['web1']);
    expect(await bash('orcaops sandbox up ')).toEqual(['web1']);
    expect(await bash('orcaops sandbox list ')).toEqual([]);
    expect(await bash('orcaops runs delete ')).toEqual(['job-20261207-aaa', 'job-20261207-bbb']);
    expect(await bash('orcaops call orcaops_s')).toEqual(['orcaops_system_info']);
    expect(await bash('orcaops completion ')).toEqual(['bash', 'fish', 'zsh']);
    // Values only after an option the command takes; after "--", file names (spaces kept in one word).
    expect(await bash('orcaops run img --status ')).toEqual([]);
    writeFileSync(join(dir, 'my file.txt'), '');
    expect(await bash(`orcaops run img -- cat ${dir}/my`)).toEqual([`${dir}/my file.txt`]);
    expect(await bash(`orcaops logs job-1 --config ${dir}/my`)).toEqual([`${dir}/my file.txt`]);
  });

  it('fish: offers commands, options with their values, and job ids', async () => {
    if (!(await have('fish'))) throw new Error('fish is not installed; tools/test-engine/up.sh installs it');
    const complete = async (line: string) => {
      const { stdout } = await run('fish', ['--no-config', '-c', `source ${join(dir, 'completion.fish')}; complete -C '${line}'`], { env });
      return stdout.split('\n').filter(Boolean).map((entry) => entry.split('\t')[0]!).sort();
    };
    expect(await complete('orcaops lo')).toEqual(['logs']);
    expect(await complete('orcaops logs --str')).toEqual(['--stream']);
    expect(await complete('orcaops logs --stream ')).toEqual(['both', 'stderr', 'stdout']);
    expect(await complete('orcaops cancel ')).toEqual(['job-20261207-aaa', 'job-20261207-bbb']);
    expect(await complete('orcaops sandbox up ')).toEqual(['web1']);
    expect(await complete('orcaops sandbox ')).toEqual(['create', 'down', 'exec', 'list', 'remove', 'templates', 'up']);
    expect(await complete('orcaops logs job-20261207-aaa ')).toEqual([]);
  });

  it('zsh: loads through bashcompinit and defines the completion', async () => {
    if (!(await have('zsh'))) throw new Error('zsh is not installed; tools/test-engine/up.sh installs it');
    const { stdout, stderr } = await run('zsh', ['-f', '-c', `source ${join(dir, 'completion.zsh')} && whence -w _orcaops && complete -p orcaops`], { env });
    expect(stdout).toContain('_orcaops: function');
    expect(stderr).toBe('');
  });
});
