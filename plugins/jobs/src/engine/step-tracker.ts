import type { StepRecord } from '@orcaops/plugin-api';
import type { RunnerStep } from './runner-script.js';
import type { StepLogWriter } from './step-log-writer.js';

/**
 * Step states as this pass over the container's log reports them. Times first recorded by an earlier supervisor
 * (seeded from the record when a job is resumed) are kept, so a replay does not move them.
 */
export class StepTracker {
  private readonly started = new Map<number, string>();
  private readonly ended = new Map<number, { at: string; exitCode: number }>();
  private readonly earlier: ReadonlyMap<number, StepRecord>;

  constructor(
    private readonly steps: readonly RunnerStep[],
    private readonly now: () => Date,
    previous: readonly StepRecord[] = [],
  ) {
    this.earlier = new Map(previous.map((step) => [step.index, step]));
  }

  start(step: number): void {
    this.started.set(step, this.earlier.get(step)?.started_at ?? this.now().toISOString());
  }

  end(step: number, exitCode: number): void {
    this.ended.set(step, { at: this.earlier.get(step)?.finished_at ?? this.now().toISOString(), exitCode });
  }

  records(writers: { readonly stdout: StepLogWriter; readonly stderr: StepLogWriter }): StepRecord[] {
    return this.steps.map((step, index) => {
      const startedAt = this.started.get(index) ?? null;
      const end = this.ended.get(index);
      return {
        index,
        command: step.command,
        cwd: step.cwd,
        status: end ? (end.exitCode === 0 ? 'success' : 'failed') : startedAt ? 'running' : 'pending',
        exit_code: end?.exitCode ?? null,
        started_at: startedAt,
        finished_at: end?.at ?? null,
        duration_ms: end && startedAt ? Date.parse(end.at) - Date.parse(startedAt) : null,
        stdout: writers.stdout.output(index),
        stderr: writers.stderr.output(index),
      };
    });
  }
}
