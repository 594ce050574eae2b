import { resolve } from 'node:path';
import { isFinalStatus, type JobStatus } from '@orcaops/contracts';
import type { Kernel } from '@orcaops/kernel';
import { toEnvelope } from '@orcaops/plugin-api';
import type { RunFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

/** How often the job's logs are read while it runs. */
const POLL_MS = 200;
/** The most of one stream read per poll. */
const SLICE_BYTES = 256 * 1024;
/** Exit codes beside the command's own, as `docker run` uses them. */
const EXIT = { orcaopsError: 125, timedOut: 124, cancelled: 130 } as const;

/**
 * `orcaops run IMAGE [options] -- CMD...`: a job through the same tools every host calls (submit, then its logs and
 * status), with the command's output copied live to stdout and stderr and the command's exit code as this one's.
 * The first Ctrl-C cancels the job (its output so far is kept); a second one stops waiting and leaves the job
 * running, saying how to follow it. Exit 125 when OrcaOps could not run the job, 124 when it timed out, 130 when
 * it was cancelled.
 */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const started = await startKernel(flags, io);
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  try {
    const submitted = await kernel.invoker.invoke('orcaops_submit_job', jobSpec(flags, io.cwd));
    if (!submitted.ok) {
      if (flags.json) await writeOut(io.stdout, `${JSON.stringify(toEnvelope(submitted), null, 2)}\n`);
      else await writeOut(io.stderr, `orcaops: ${submitted.error.message}\n  ${submitted.error.suggestion}\n`);
      return EXIT.orcaopsError;
    }
    const jobId = String(submitted.data['job_id']);
    if (flags.detach) {
      await writeOut(io.stdout, flags.json ? `${JSON.stringify(toEnvelope(submitted), null, 2)}\n` : `${jobId}\n`);
      return 0;
    }
    return await follow(kernel, jobId, flags, io);
  } finally {
    await kernel.stop();
  }
}

function jobSpec(flags: RunFlags, cwd: string): Record<string, unknown> {
  const pairs = (list: readonly string[]) => list.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const);
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
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

async function follow(kernel: Kernel, jobId: string, flags: RunFlags, io: CliIo): Promise<number> {
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write(`\norcaops: cancelling job ${jobId} (Ctrl-C again to stop waiting and leave it running)\n`);
      void kernel.invoker.invoke('orcaops_cancel_job', { job_id: jobId });
    }
  };
  process.on('SIGINT', onInterrupt);
  const offsets = { stdout: 0, stderr: 0 };
  try {
    for (;;) {
      let atEnd = true;
      let status: JobStatus | null = null;
      for (const stream of ['stdout', 'stderr'] as const) {
        const read = await kernel.invoker.invoke('orcaops_get_job_logs', { job_id: jobId, stream, offset: offsets[stream], max_bytes: SLICE_BYTES, encoding: 'base64' });
        if (!read.ok) continue;
        status = read.data['status'] as JobStatus;
        const slice = read.data[stream] as { text: string; offset: number; next_offset: number | null } | undefined;
        if (!slice) continue;
        const bytes = Buffer.from(slice.text, 'base64');
        if (bytes.length > 0 && !flags.json) await new Promise<void>((done) => io[stream].write(bytes, () => done()));
        offsets[stream] = slice.next_offset ?? slice.offset + bytes.length;
        if (slice.next_offset !== null) atEnd = false;
      }
      if (status !== null && isFinalStatus(status) && atEnd) break;
      if (interrupts >= 2) {
        await writeOut(io.stderr, `orcaops: stopped waiting; job ${jobId} runs on. Follow it with: orcaops call orcaops_get_job_status '{"job_id":"${jobId}"}'\n`);
        return EXIT.cancelled;
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    // The job was supervised here: let its record be completed before the kernel stops.
    await kernel.drain();
    const final = await kernel.invoker.invoke('orcaops_get_job_status', { job_id: jobId });
    if (flags.json) await writeOut(io.stdout, `${JSON.stringify(toEnvelope(final), null, 2)}\n`);
    if (!final.ok) return EXIT.orcaopsError;
    return exitCode(final.data, flags, io);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

async function exitCode(job: Record<string, unknown>, flags: RunFlags, io: CliIo): Promise<number> {
  const error = job['error'] as { code: string; message: string } | null;
  switch (job['status']) {
    case 'success':
      return 0;
    case 'timed_out':
      return EXIT.timedOut;
    case 'cancelled':
      return EXIT.cancelled;
    default: {
      const code = job['exit_code'];
      if (typeof code === 'number') return code;
      if (!flags.json && error) await writeOut(io.stderr, `orcaops: ${error.message}\n`);
      return EXIT.orcaopsError;
    }
  }
}
