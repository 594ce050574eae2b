import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KernelFlags } from '../cli-args.js';
import type { CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';
import { DeferredFileLogSink } from '../tui-log-sink.js';

/**
 * Set, to the process id of the command that handed its jobs off, in the process that takes them over. A job is
 * supervised by the process that submitted it, and a command's process ends with the command; the next long-lived
 * host adopts what it left (docs/decisions/0013). `orcaops run --detach`, and a second Ctrl-C, must not leave a job
 * waiting for that: they start a process of their own that waits for the command to end, adopts its jobs as a
 * long-lived host does, sees them to their end and exits (docs/decisions/0023).
 */
export const HANDOFF_ENV = 'ORCAOPS_ADOPT_AFTER_PID';

const EXIT_POLL_MS = 50;
/** Where a hand-off process logs when it could not start far enough to know ORCAOPS_HOME. */
const HANDOFF_FALLBACK_LOG = join(tmpdir(), 'orcaops-handoff.log');

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
async function processEnded(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM: it exists but is not ours to signal, so it is still running.
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    }
    await new Promise((done) => setTimeout(done, EXIT_POLL_MS));
  }
}

/**
 * The process a detached run leaves behind: once the command that submitted the job has ended, it adopts the job
 * (and any other job left without a supervisor) as a long-lived host does, and exits when they have all ended.
 */
export async function adoptHandedOffJobs(previous: number, flags: KernelFlags, io: CliIo): Promise<number> {
  await processEnded(previous);
  // Nobody reads this process's stderr: its log goes to <ORCAOPS_HOME>/logs/handoff.log.
  const log = new DeferredFileLogSink(HANDOFF_FALLBACK_LOG);
  const started = await startKernel(flags, io, { role: 'server', host: 'cli', logSink: log });
  if (!started.ok) {
    log.open(HANDOFF_FALLBACK_LOG);
    log.close();
    return started.exitCode;
  }
  log.open(join(started.kernel.config.home, 'logs', 'handoff.log'));
  try {
    await started.kernel.drain();
    return 0;
  } finally {
    await started.kernel.stop();
    log.close();
  }
}
