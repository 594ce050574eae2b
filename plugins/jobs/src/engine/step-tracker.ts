import type { StepOutput, StepRecord } from '@orcaops/contracts';
import type { RunnerStep } from './runner-script.js';
import type { StepLogWriter } from './step-log-writer.js';

/**
 * Step states as this pass over the container's log reports them. A marker's time is the one the engine logged it
 * at when the pass has it (a replay of the log); else a time an earlier supervisor recorded (seeded from the
 * record when a job is resumed) is kept, so a replay does not move it; else now.
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

  /** Records a step's start; returns the time it counts from (also for its time limit). */
  start(step: number, at?: Date | null): Date {
    const startedAt = at?.toISOString() ?? this.earlier.get(step)?.started_at ?? this.now().toISOString();
    this.started.set(step, startedAt);
    return new Date(startedAt);
  }

  end(step: number, exitCode: number, at?: Date | null): void {
    this.ended.set(step, { at: at?.toISOString() ?? this.earlier.get(step)?.finished_at ?? this.now().toISOString(), exitCode });
  }

  records(writers: { readonly stdout: StepLogWriter; readonly stderr: StepLogWriter }): StepRecord[] {
    const lastStarted = Math.max(-1, ...this.started.keys());
    return this.steps.map((step, index) => {
      const startedAt = this.started.get(index) ?? null;
      const end = this.ended.get(index);
      // A step that passed and has others after it is rarely looked at again: its tail shrinks, so that a record of
      // many steps stays small (it is rewritten at every step boundary); the failing and the latest keep theirs.
      const settled = end?.exitCode === 0 && index < lastStarted;
      const output = (writer: StepLogWriter) => (settled ? shortTail(writer.output(index)) : writer.output(index));
      return {
        index,
        command: step.command,
        cwd: step.cwd,
        status: end ? (end.exitCode === 0 ? 'success' : 'failed') : startedAt ? 'running' : 'pending',
        exit_code: end?.exitCode ?? null,
        started_at: startedAt,
        finished_at: end?.at ?? null,
        duration_ms: end && startedAt ? Date.parse(end.at) - Date.parse(startedAt) : null,
        stdout: output(writers.stdout),
        stderr: output(writers.stderr),
      };
    });
  }
}

/** Characters of tail a passed step keeps once later steps have started. */
export const SETTLED_TAIL_CHARS = 1024;

function shortTail(output: StepOutput): StepOutput {
  if (output.tail.length <= SETTLED_TAIL_CHARS) return output;
  let start = output.tail.length - SETTLED_TAIL_CHARS;
  // Never start inside a surrogate pair.
  const code = output.tail.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start++;
  return { ...output, tail: output.tail.slice(start), tail_truncated: true };
}
