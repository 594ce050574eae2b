import type { CliIo } from '../cli-io.js';
import { handOffJobs } from './job-handoff.js';

/**
 * What `orcaops run` is asked while it waits, from the moment it starts (a signal during the submission must not
 * kill the process and leave the new job without a supervisor): Ctrl-C once cancels the job, twice stops waiting;
 * SIGTERM or SIGHUP (a closed terminal) stop waiting without cancelling; a closed stdout or stderr hands the job
 * off at once (the process is about to exit). Stopping to wait always hands the job to a process of its own.
 */
export class RunSignals {
  private interrupts = 0;
  private terminatedBy: 'signal' | null = null;
  private jobId: string | null = null;
  private readonly stopListening: Array<() => void> = [];

  constructor(
    private readonly io: CliIo,
    private readonly cancel: (jobId: string) => void,
  ) {
    const interrupt = () => this.interrupt();
    const terminate = () => (this.terminatedBy = 'signal');
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', terminate);
    process.on('SIGHUP', terminate);
    this.stopListening.push(() => {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', terminate);
      process.removeListener('SIGHUP', terminate);
    });
  }

  /** The job is submitted: what was asked before now applies to it. */
  submitted(jobId: string): void {
    this.jobId = jobId;
    this.stopListening.push(this.io.onOutputClosed(() => handOffJobs(this.io)));
    if (this.interrupts > 0) this.cancel(jobId);
  }

  /** True once waiting should stop (a second Ctrl-C, or a termination). */
  get stopWaiting(): boolean {
    return this.interrupts >= 2 || this.terminatedBy !== null;
  }

  /** The exit code for having stopped waiting: 143 when terminated, 130 after Ctrl-C. */
  get stoppedExitCode(): number {
    return this.terminatedBy ? 143 : 130;
  }

  dispose(): void {
    for (const stop of this.stopListening.splice(0)) stop();
  }

  private interrupt(): void {
    this.interrupts++;
    if (this.interrupts !== 1) return;
    if (this.jobId === null) {
      this.io.stderr.write('\norcaops: cancelling the job as soon as it is submitted\n');
      return;
    }
    this.io.stderr.write(`\norcaops: cancelling job ${this.jobId} (Ctrl-C again to stop waiting; the cancel goes on in the background)\n`);
    this.cancel(this.jobId);
  }
}
