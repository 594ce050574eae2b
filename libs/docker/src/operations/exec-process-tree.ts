import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The process ids, as the container sees them, of an exec'd process and all its descendants, read from the
 * host's `/proc`. The engine reports an exec's host pid but offers no way to signal it; reading `/proc` works for
 * any user when the engine runs on this machine.
 *
 * The pid is only trusted when its cgroup names the container: with a remote engine (or Docker Desktop's VM) the
 * same number here is an unrelated process, and killing its namespace pid would hit the wrong one.
 * @throws Error saying why the processes cannot be reached.
 */
export async function containerPidsOf(hostPid: number, containerId: string, procRoot = '/proc'): Promise<number[]> {
  if (!(hostPid > 0)) throw new Error('the engine did not report a process id for the command');
  const cgroup = await readFile(join(procRoot, String(hostPid), 'cgroup'), 'utf8').catch(() => '');
  if (!cgroup.includes(containerId)) {
    throw new Error('its process is not visible from here (the engine runs on another machine or in a VM)');
  }
  const pids: number[] = [];
  for (const pid of await descendantsOf(hostPid, procRoot)) {
    const inContainer = await namespacePid(pid, procRoot);
    if (inContainer !== null) pids.push(inContainer);
  }
  if (pids.length === 0) throw new Error('its process ended before it could be stopped');
  return pids;
}

/** The process and its descendants, breadth first, from each thread's `children` list. */
async function descendantsOf(root: number, procRoot: string): Promise<number[]> {
  const seen = [root];
  for (let i = 0; i < seen.length; i++) {
    const taskDir = join(procRoot, String(seen[i]), 'task');
    const tasks = await readdir(taskDir).catch(() => []);
    for (const task of tasks) {
      const children = await readFile(join(taskDir, task, 'children'), 'utf8').catch(() => '');
      for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
        if (!seen.includes(child)) seen.push(child);
      }
    }
  }
  return seen;
}

/** The innermost pid from `NSpid:` in `/proc/<pid>/status` (the pid inside the container), or null once gone. */
async function namespacePid(hostPid: number, procRoot: string): Promise<number | null> {
  const status = await readFile(join(procRoot, String(hostPid), 'status'), 'utf8').catch(() => '');
  const line = /^NSpid:\s*(.+)$/m.exec(status)?.[1];
  const last = line?.trim().split(/\s+/).at(-1);
  return last ? Number(last) : null;
}
