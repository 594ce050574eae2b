import { resolve } from 'node:path';
import type { JobViewData } from '@orcaops/contracts';
import type { RunFlags } from '../cli-args.js';
import { splitPair } from '../human-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { adoptHandedOffJobs, handOffFrom, handOffJobs } from '../human/job-handoff.js';
import { followLogs, writeBytes } from '../human/follow-logs.js';
import { RunSignals } from '../human/run-signals.js';
import { RunProgress } from '../human/run-progress.js';
import { printable } from '../human/table.js';
import { withTools, type ToolData, type ToolSession } from '../human/tool-session.js';

/** Exit codes beside the command's own, as `docker run` uses them (143: terminated, the job handed off). */
export const EXIT = { orcaopsError: 125, timedOut: 124, cancelled: 130 } as const;

/**
 * `orcaops run IMAGE [options] -- CMD...`: a job through the same tools every host calls (submit, then its logs and
 * status), with the command's output copied live to stdout and stderr and the command's exit code as this one's.
 * On a terminal, the job's progress (queued, each step, the end) goes to stderr between the output. Ctrl-C,
 * termination and a closed output are handled as {@link RunSignals} says. `--detach` prints the job id at once
 * and hands the job to a process of its own. Exit 125 when OrcaOps could not run the job, 124 when it timed out,
 * 130 when it was cancelled.
 */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const previous = handOffFrom(io);
  if (previous !== null) return adoptHandedOffJobs(previous, flags, io);
  return withTools(flags, io, async (tools) => {
    const signals = new RunSignals(io, (jobId) => void tools.invoke('orcaops_cancel_job', { job_id: jobId }));
    try {
      const submitted = await tools.call('orcaops_submit_job', jobSpec(flags, io.cwd));
      if (!submitted) return EXIT.orcaopsError;
      const jobId = String(submitted['job_id']);
      signals.submitted(jobId);
      if (!flags.detach) return await follow(tools, jobId, flags, signals);
      handOffJobs(io);
      if (flags.json) await tools.printSuccess(submitted);
      else await writeOut(io.stdout, `${jobId}\n`);
      return 0;
    } finally {
      signals.dispose();
    }
  });
}

function jobSpec(flags: RunFlags, cwd: string): Record<string, unknown> {
  // The parser let through only NAME=VALUE words.
  const pairs = (list: readonly string[]) => list.map((word) => splitPair(word)!);
  const env = Object.fromEntries([...pairs(flags.env), ...pairs(flags.secrets).map(([name, ref]) => [name, { secret: ref }] as const)]);
  return {
    image: flags.image,
    commands: [flags.command.map(shellWord).join(' ')],
    env,
    artifacts: [...flags.artifacts],
    labels: Object.fromEntries(pairs(flags.labels)),
    ...(flags.input === undefined ? {} : { inputs: { directories: [{ source: resolve(cwd, flags.input), target: '.' }] } }),
    ...(flags.timeout === undefined ? {} : { timeout: flags.timeout }),
  };
}

/** One word for `sh -c`, quoted so that the shell passes it on exactly as given. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

async function follow(tools: ToolSession, jobId: string, flags: RunFlags, signals: RunSignals): Promise<number> {
  const { io } = tools;
  const progress = io.stderr.isTTY && !flags.json ? new RunProgress(tools, jobId) : null;
  const end = await followLogs(tools, {
    jobId,
    streams: ['stdout', 'stderr'],
    until: 'job',
    onOutput: async (stream, bytes) => {
      await progress?.beforeOutput();
      if (flags.json) return;
      await writeBytes(io[stream], bytes);
      progress?.wrote(bytes);
    },
    ...(progress ? { onRound: () => progress.tick() } : {}),
    stopped: () => signals.stopWaiting,
  });
  if (end.kind === 'stopped') {
    handOffJobs(io);
    await writeOut(io.stderr, `orcaops: stopped waiting; job ${jobId} is seen to its end in the background. Follow it with: orcaops logs ${jobId} -f\n`);
    return signals.stoppedExitCode;
  }
  if (end.kind === 'failed') return EXIT.orcaopsError;
  // The job was supervised here: let its record be completed before the kernel stops.
  await tools.kernel.drain();
  const final = await tools.call('orcaops_get_job_status', { job_id: jobId });
  if (!final) return EXIT.orcaopsError;
  await progress?.say(final as JobViewData);
  if (flags.json) await tools.printSuccess(final);
  return await exitCode(final, tools);
}

async function exitCode(job: ToolData, tools: ToolSession): Promise<number> {
  const error = job['error'] as { code: string; message: string } | null;
  switch (job['status']) {
    case 'success':
      return 0;
    case 'timed_out':
      if (!tools.json) await writeOut(tools.io.stderr, `orcaops: ${printable(error?.message ?? `job ${String(job['job_id'])} timed out.`)}\n`);
      return EXIT.timedOut;
    case 'cancelled':
      return EXIT.cancelled;
    default: {
      const code = job['exit_code'];
      if (typeof code === 'number') return code;
      if (!tools.json && error) await writeOut(tools.io.stderr, `orcaops: ${printable(error.message)}\n`);
      return EXIT.orcaopsError;
    }
  }
}
