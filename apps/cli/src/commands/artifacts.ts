import { createHash } from 'node:crypto';
import { link, lstat, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatBytes } from '@orcaops/contracts';
import type { ErrorCode } from '@orcaops/plugin-api';
import { writeOut, type CliIo } from '../cli-io.js';
import type { ArtifactsFlags } from '../human-args.js';
import { writeBytes } from '../human/follow-logs.js';
import { printable, renderTable, terminalWidth } from '../human/table.js';
import { allPages, withTools, type ToolData, type ToolSession } from '../human/tool-session.js';

/** Bytes asked for per orcaops_get_artifact call while downloading. */
const CHUNK_BYTES = 4 * 1024 * 1024;

interface ArtifactRow {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** `orcaops artifacts JOB [get NAME [-o FILE]]`: a job's collected files, or one of them downloaded and checked. */
export async function artifactsCommand(flags: ArtifactsFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, (tools) => (flags.action === 'list' ? list(tools, flags.jobId) : download(tools, flags.jobId, flags.name, flags.output, flags.force)));
}

async function list(tools: ToolSession, jobId: string): Promise<number> {
  const listed = await allPages<ArtifactRow>(tools, 'orcaops_list_artifacts', { job_id: jobId }, 'artifacts');
  if (!listed) return 1;
  const { rows: artifacts, first } = listed;
  const skipped = first['skipped'] as { pattern: string; reason: string }[];
  if (tools.json) {
    await tools.printSuccess({ ...first, artifacts, next_offset: null });
    return 0;
  }
  if (artifacts.length === 0) await tools.print(`Job ${jobId} collected no files.`);
  else {
    const table = renderTable(artifacts, [
      { header: 'PATH', cell: (artifact) => artifact.path, shrink: true, keep: 'end' },
      { header: 'SIZE', cell: (artifact) => formatBytes(artifact.size), align: 'right' },
      { header: 'SHA256', cell: (artifact) => artifact.sha256.slice(0, 12) },
    ], terminalWidth(tools.io.stdout));
    await tools.print(table);
  }
  for (const entry of skipped) await tools.print(`skipped ${entry.pattern}: ${entry.reason}`);
  return 0;
}

/**
 * Downloads one artifact in chunks through orcaops_get_artifact and checks it against the sha256 the job recorded.
 * It is written beside the target under a temporary name and put in place only once whole and checked (without
 * --force by a link that fails if the target appeared meanwhile), so no half-written, corrupt or clobbered file is
 * left. Ctrl-C stops it and removes the temporary file. `-o -` streams to stdout (checked at the end: exit 1).
 */
async function download(tools: ToolSession, jobId: string, name: string, output: string | undefined, force: boolean): Promise<number> {
  const target = output === '-' ? null : await targetPath(tools.io.cwd, output, name);
  if (target && !force && (await occupied(target))) return fail(tools, 'CONFLICT', `${printable(target)} exists.`, 'Use --force to replace it, or -o to choose another file.');
  const partial = target ? join(dirname(target), `.${basename(target)}.orcaops-${process.pid}.partial`) : null;
  let file: FileHandle | null = null;
  try {
    file = partial ? await open(partial, 'wx', 0o644) : null;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return fail(tools, missing ? 'DIR_NOT_FOUND' : 'INVALID_PATH', `Cannot write ${printable(target!)}: ${missing ? 'its directory does not exist' : (error as Error).message}.`, 'Choose a file in an existing, writable directory with -o.');
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const got = await fetchArtifact(tools, jobId, name, stop.signal, (data) => (file ? file.write(data).then(() => undefined) : writeBytes(tools.io.stdout, data)));
    if (stop.signal.aborted) {
      await writeOut(tools.io.stderr, 'orcaops: download stopped; nothing was written.\n');
      return 130;
    }
    if (!got) return 1;
    await file?.close();
    file = null;
    if (got.sha256 !== got.recorded) {
      return fail(tools, 'CONFLICT', `${printable(name)} does not match the sha256 the job recorded (${got.recorded}, got ${got.sha256}).`, 'The stored artifact was changed after the job collected it; run the job again.');
    }
    if (target && partial) {
      if (force) await rename(partial, target);
      else {
        try {
          await link(partial, target);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fail(tools, 'CONFLICT', `${printable(target)} appeared while downloading.`, 'Use --force to replace it, or -o to choose another file.');
          throw error;
        }
      }
    }
    if (tools.json && target) await tools.printSuccess({ job_id: jobId, filename: got.filename, size: got.size, sha256: got.sha256, path: target });
    else if (target) await writeOut(tools.io.stderr, `${printable(target)}: ${formatBytes(got.size)}, sha256 ${got.sha256.slice(0, 12)} checked\n`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await file?.close().catch(() => undefined);
    if (partial) await rm(partial, { force: true });
  }
}

/** Every chunk of the artifact handed to `write` in order, and its hash; null when a call failed (reported). */
async function fetchArtifact(
  tools: ToolSession,
  jobId: string,
  name: string,
  signal: AbortSignal,
  write: (data: Buffer) => Promise<void>,
): Promise<{ filename: string; size: number; sha256: string; recorded: string } | null> {
  const hash = createHash('sha256');
  let first: ToolData | null = null;
  for (let offset: number | null = 0; offset !== null && !signal.aborted; ) {
    const chunk = await tools.call('orcaops_get_artifact', { job_id: jobId, filename: name, offset, max_bytes: CHUNK_BYTES, encoding: 'base64' }, { signal });
    if (!chunk) return null;
    first ??= chunk;
    const data = Buffer.from(chunk['content'] as string, 'base64');
    hash.update(data);
    await write(data);
    offset = chunk['next_offset'] as number | null;
  }
  return { filename: String(first?.['filename']), size: Number(first?.['size']), sha256: hash.digest('hex'), recorded: String(first?.['sha256']) };
}

/** Where to save: `-o FILE`, into `-o DIR` (an existing directory, or one written with a trailing /), or ./NAME's base name. */
async function targetPath(cwd: string, output: string | undefined, name: string): Promise<string> {
  const file = basename(name);
  if (output === undefined) return resolve(cwd, file);
  const path = resolve(cwd, output);
  const isDir = output.endsWith('/') || (await stat(path).then((found) => found.isDirectory(), () => false));
  return isDir ? join(path, file) : path;
}

/** True when anything is at `path`, a dangling symbolic link included (it would be replaced too). */
async function occupied(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** A failure that is not a tool's, reported like one: the envelope with --json, else message and suggestion. */
function fail(tools: ToolSession, code: ErrorCode, message: string, suggestion: string): Promise<number> {
  return tools.reportFailure({ ok: false, error: { code, message, suggestion } }).then(() => 1);
}
