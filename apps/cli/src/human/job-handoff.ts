import { spawn } from 'node:child_process';
import type { CliIo } from '../cli-io.js';

/**
 * Set, to the process id of the command that handed its jobs off, in the process that takes them over. A job is
 * supervised by the process that submitted it, and a command's process ends with the command; the next long-lived
 * host adopts what it left (docs/decisions/0013). `orcaops run --detach`, and a second Ctrl-C, must not leave a job
 * waiting for that: they start a process of their own that waits for the command to end, adopts its jobs as a
 * long-lived host does, sees them to their end and exits (docs/decisions/0023).
 */
export const HANDOFF_ENV = 'ORCAOPS_ADOPT_AFTER_PID';

const EXIT_POLL_MS = 50;

/** The pid whose jobs this process is to take over, when it is a hand-off process. */
export function handOffFrom(io: CliIo): number | null {
  const pid = Number(io.env[HANDOFF_ENV]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Starts the process that takes over this one's jobs once it has ended: the same command line, in its own session
 * (the terminal's Ctrl-C and hang-up do not reach it), with no stdio tied to this process.
 */
export function handOffJobs(io: CliIo): void {
  const child = spawn(io.argv.execPath, [...io.argv.execArgv, io.argv.script, ...io.argv.args], {
    cwd: io.cwd,
    env: { ...io.env, [HANDOFF_ENV]: String(process.pid) },
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  child.unref();
}

/** Resolves once the process `pid` has ended. */
export async function processEnded(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    }
    await new Promise((done) => setTimeout(done, EXIT_POLL_MS));
  }
}
