import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import { containerPidsOf } from './exec-process-tree.js';

/** What became of an exec'd command that was abandoned: `stopped` (killed), `ended` (by itself) or `running`. */
export interface ExecStopReport {
  readonly process: 'stopped' | 'ended' | 'running';
  /** One clause for messages, e.g. `it was stopped (3 processes killed)`. */
  readonly detail: string;
}

/** How long to wait for the killed command to be reported ended. */
const SETTLE_MS = 3000;

/**
 * Kills an exec'd command and its child processes with SIGKILL, from inside the container (as root there), since
 * the engine has no call for it: `kill` as argv first, then through `sh` for images whose `kill` is a shell
 * builtin only. Never throws; the report says what happened and, when the command may live on, why.
 */
export async function stopExec(client: Dockerode, containerId: string, exec: Dockerode.Exec): Promise<ExecStopReport> {
  try {
    const info = await startedExec(exec);
    if (!info.Running) return { process: 'ended', detail: 'it had already ended' };
    const pids = await containerPidsOf(info.Pid, info.ContainerID || containerId);
    const args = pids.map(String);
    // A non-zero exit can also mean one of the processes ended meanwhile; the shell's builtin is tried either way.
    if (!(await runDetached(client, containerId, ['kill', '-KILL', ...args]))) await runDetached(client, containerId, ['sh', '-c', 'kill -KILL "$@"', 'kill', ...args]);
    for (const deadline = Date.now() + SETTLE_MS; Date.now() < deadline; await sleep(50)) {
      if (!(await exec.inspect()).Running) return { process: 'stopped', detail: `it was stopped (${pids.length} ${pids.length === 1 ? 'process' : 'processes'} killed)` };
    }
    return { process: 'running', detail: 'it may still be running: the container has no `kill` or `sh` that could stop it' };
  } catch (error) {
    return { process: 'running', detail: `it may still be running: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The engine sets an exec's pid only after the process has started, which can be after its first output. */
async function startedExec(exec: Dockerode.Exec): Promise<Dockerode.ExecInspectInfo> {
  for (const deadline = Date.now() + SETTLE_MS; ; await sleep(20)) {
    const info = await exec.inspect();
    if (!info.Running || info.Pid > 0 || Date.now() > deadline) return info;
  }
}

/** Runs a short command as root in the container, detached, and tells whether it exited 0. */
async function runDetached(client: Dockerode, containerId: string, command: string[]): Promise<boolean> {
  try {
    const exec = await client.getContainer(containerId).exec({ Cmd: command, User: '0', AttachStdout: false, AttachStderr: false });
    // dockerode answers even a detached start with a stream; left open, it would hold the process alive.
    const answer: unknown = await exec.start({ Detach: true });
    (answer as { destroy?: () => void } | undefined)?.destroy?.();
    for (const deadline = Date.now() + SETTLE_MS; Date.now() < deadline; await sleep(20)) {
      const info = await exec.inspect();
      if (!info.Running && typeof info.ExitCode === 'number') return info.ExitCode === 0;
    }
  } catch {
    // A missing binary fails the start (or exits 126/127): the caller tries the next way.
  }
  return false;
}
