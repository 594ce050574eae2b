import type { CliIo } from '../cli-io.js';
import type { LogsFlags } from '../human-args.js';
import { followLogs, writeBytes, type LogStream } from '../human/follow-logs.js';
import { withTools, type ToolSession } from '../human/tool-session.js';

/**
 * `orcaops logs JOB`: the job's output, stdout to stdout and stderr to stderr, the exact bytes. Whole by default;
 * `--tail N` the last N lines of each stream; `-f` keeps reading until the job ends (Ctrl-C stops following, not
 * the job). `--json` prints orcaops_get_job_logs's reply (the tail, or the first page from the start) or, with -f,
 * one JSON line per piece of output and a last line with the job's status.
 */
export async function logsCommand(flags: LogsFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, async (tools) => {
    const streams: LogStream[] = flags.stream === 'both' ? ['stdout', 'stderr'] : [flags.stream];
    const step = flags.step === undefined ? {} : { step: flags.step };
    if (flags.tail !== undefined || (flags.json && !flags.follow)) {
      const reply = await tools.call('orcaops_get_job_logs', {
        job_id: flags.jobId,
        stream: flags.stream,
        ...step,
        ...(flags.tail === undefined ? { offset: 0 } : { tail_lines: flags.tail }),
        encoding: flags.json ? 'text' : 'base64',
      });
      if (!reply) return 1;
      if (flags.json) await tools.printSuccess(reply);
      else for (const stream of streams) await writeBytes(io[stream], Buffer.from((reply[stream] as { text: string }).text, 'base64'));
      return 0;
    }
    return await follow(tools, flags, streams);
  });
}

async function follow(tools: ToolSession, flags: LogsFlags, streams: readonly LogStream[]): Promise<number> {
  const { io } = tools;
  let interrupted = false;
  const onInterrupt = () => (interrupted = true);
  process.on('SIGINT', onInterrupt);
  try {
    const end = await followLogs(tools, {
      jobId: flags.jobId,
      streams,
      ...(flags.step === undefined ? {} : { step: flags.step }),
      until: flags.follow ? 'job' : 'log',
      onOutput: (stream, bytes, offset) =>
        flags.json ? tools.print(JSON.stringify({ stream, offset, base64: bytes.toString('base64') })) : writeBytes(io[stream], bytes),
      stopped: () => interrupted,
    });
    if (end.kind === 'failed') return 1;
    if (end.kind === 'stopped') return 130;
    if (flags.json) await tools.print(JSON.stringify({ job_id: flags.jobId, status: end.status }));
    return 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
