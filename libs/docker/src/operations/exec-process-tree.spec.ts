import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerPidsOf } from './exec-process-tree.js';

const CONTAINER = 'c0ffee'.repeat(10) + 'abcd';

/** Writes a fake `/proc` entry: cgroup, NSpid and the children of its one thread. */
async function fakeProcess(root: string, hostPid: number, containerPid: number | null, children: number[], cgroup = `0::/system.slice/docker-${CONTAINER}.scope\n`) {
  const dir = join(root, String(hostPid));
  await mkdir(join(dir, 'task', String(hostPid)), { recursive: true });
  await writeFile(join(dir, 'cgroup'), cgroup);
  await writeFile(join(dir, 'status'), `Name:\tsh\nPid:\t${hostPid}\n${containerPid === null ? '' : `NSpid:\t${hostPid}\t${containerPid}\n`}`);
  await writeFile(join(dir, 'task', String(hostPid), 'children'), children.map((c) => `${c} `).join(''));
}

describe('containerPidsOf', () => {
  let proc: string;
  beforeEach(async () => {
    proc = await mkdtemp(join(tmpdir(), 'orcaops-proc-'));
  });
  afterEach(() => rm(proc, { recursive: true, force: true }));

  it('maps the process and its descendants to the pids the container sees', async () => {
    await fakeProcess(proc, 500, 7, [501, 502]);
    await fakeProcess(proc, 501, 8, [503]);
    await fakeProcess(proc, 502, 9, []);
    await fakeProcess(proc, 503, 10, []);
    expect(await containerPidsOf(500, CONTAINER, proc)).toEqual([7, 8, 9, 10]);
  });

  it('skips descendants that are gone by the time they are read', async () => {
    await fakeProcess(proc, 500, 7, [501]);
    expect(await containerPidsOf(500, CONTAINER, proc)).toEqual([7]);
  });

  it('refuses a pid whose cgroup does not name the container (a remote engine), and a missing pid', async () => {
    await fakeProcess(proc, 500, 7, [], '0::/user.slice/session-1.scope\n');
    await expect(containerPidsOf(500, CONTAINER, proc)).rejects.toThrow(/not visible from here/);
    await expect(containerPidsOf(600, CONTAINER, proc)).rejects.toThrow(/not visible from here/);
    await expect(containerPidsOf(0, CONTAINER, proc)).rejects.toThrow(/did not report a process id/);
  });
});
