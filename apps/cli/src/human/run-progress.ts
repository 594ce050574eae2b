import type { JobViewData } from '@orcaops/contracts';
import { writeOut } from '../cli-io.js';
import { statusLines, type StatusSnapshot } from './step-status.js';
import type { ToolSession } from './tool-session.js';

/** How often the job's status is read for the progress lines. */
const STATUS_EVERY_MS = 1000;

/** The progress lines on a terminal: the job's status read at most once a second, each change said once. */
export class RunProgress {
  private snapshot: StatusSnapshot | null = null;
  private lastRead = 0;
  /** Whether the terminal's cursor is at the start of a line: a progress line never continues the output's. */
  private atLineStart = true;

  constructor(
    private readonly tools: ToolSession,
    private readonly jobId: string,
  ) {}

  /**
   * Output has come, so a step is running: say which before the output, if that is not said yet. How steps
   * ended is said after the output, so a step read as already ended counts as running here.
   */
  async beforeOutput(): Promise<void> {
    if (this.snapshot?.steps.some((step) => step !== 'pending')) return;
    const view = await this.read();
    if (!view) return;
    const started = (status: string) => (status === 'pending' || status === 'skipped' ? status : 'running');
    await this.say({ ...view, status: 'running', steps: view.steps.map((step) => ({ ...step, status: started(step.status) })) });
  }

  async tick(): Promise<void> {
    if (Date.now() - this.lastRead < STATUS_EVERY_MS) return;
    this.lastRead = Date.now();
    const view = await this.read();
    if (view) await this.say(view);
  }

  /** The job as orcaops_get_job_status has it now; null when it could not say (progress is best effort). */
  private async read(): Promise<JobViewData | null> {
    const job = await this.tools.invoke('orcaops_get_job_status', { job_id: this.jobId });
    return job.ok ? (job.data as JobViewData) : null;
  }

  async say(job: JobViewData): Promise<void> {
    const { lines, snapshot } = statusLines(this.snapshot, job);
    this.snapshot = snapshot;
    // Dim, and on lines of their own, so that they read apart from the command's output.
    for (const line of lines) {
      await writeOut(this.tools.io.stderr, `${this.atLineStart ? '' : '\n'}\x1b[2m» ${line}\x1b[22m\n`);
      this.atLineStart = true;
    }
  }

  /** Output went to the terminal. */
  wrote(bytes: Buffer): void {
    if (bytes.length > 0) this.atLineStart = bytes[bytes.length - 1] === 0x0a;
  }
}
