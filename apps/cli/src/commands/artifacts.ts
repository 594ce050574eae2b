import { createHash } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeOut, type CliIo } from '../cli-io.js';
import type { ArtifactsFlags } from '../human-args.js';
import { writeBytes } from '../human/follow-logs.js';
import { renderTable, terminalWidth } from '../human/table.js';
import { allPages, withTools, type ToolData, type ToolSession } from '../human/tool-session.js';
import { bytes } from '../human/units.js';

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
      { header: 'PATH', cell: (artifact) => artifact.path, shrink: true },
      { header: 'SIZE', cell: (artifact) => bytes(artifact.size), align: 'right' },
      { header: 'SHA256', cell: (artifact) => artifact.sha256.slice(0, 12) },
    ], terminalWidth(tools.io.stdout));
    await tools.print(table);
  }
  for (const entry of skipped) await tools.print(`skipped ${entry.pattern}: ${entry.reason}`);
  return 0;
}

/**
 * Downloads one artifact in chunks through orcaops_get_artifact and checks it against the sha256 the job recorded.
 * A file is written beside the target under a temporary name and renamed only once whole and checked, so no
 * half-written or corrupt file is ever left at the target. `-o -` streams to stdout (checked at the end: exit 1).
 */
async function download(tools: ToolSession, jobId: string, name: string, output: string | undefined, force: boolean): Promise<number> {
  const toStdout = output === '-';
  const target = toStdout ? null : resolve(tools.io.cwd, output ?? basename(name));
  if (target && !force && (await exists(target))) {
    await writeOut(tools.io.stderr, `orcaops: ${target} exists; use --force to replace it, or -o to choose another file.\n`);
    return 1;
  }
  const partial = target ? join(dirname(target), `.${basename(target)}.orcaops-${process.pid}.partial`) : null;
  let file: FileHandle | null = null;
  try {
    file = partial ? await open(partial, 'wx', 0o644) : null;
  } catch (error) {
    await writeOut(tools.io.stderr, `orcaops: cannot write ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory does not exist' : (error as Error).message}.\n`);
    return 1;
  }
  const hash = createHash('sha256');
  let meta: ToolData | null = null;
  try {
    for (let offset: number | null = 0; offset !== null; ) {
      const chunk = await tools.call('orcaops_get_artifact', { job_id: jobId, filename: name, offset, max_bytes: CHUNK_BYTES, encoding: 'base64' });
      if (!chunk) return 1;
      meta ??= chunk;
      const data = Buffer.from(chunk['content'] as string, 'base64');
      hash.update(data);
      if (file) await file.write(data);
      else await writeBytes(tools.io.stdout, data);
      offset = chunk['next_offset'] as number | null;
    }
    await file?.close();
    const sha256 = hash.digest('hex');
    if (sha256 !== meta!['sha256']) {
      await writeOut(tools.io.stderr, `orcaops: ${name} does not match the sha256 the job recorded (${String(meta!['sha256'])}, got ${sha256}); the file was changed after collection.\n`);
      return 1;
    }
    if (target && partial) await rename(partial, target);
    const saved = { job_id: jobId, filename: meta!['filename'], size: meta!['size'], sha256, path: target ?? '-' };
    if (tools.json && !toStdout) await tools.printSuccess(saved);
    else if (target) await writeOut(tools.io.stderr, `${target}: ${bytes(meta!['size'] as number)}, sha256 ${sha256.slice(0, 12)} checked\n`);
    return 0;
  } finally {
    await file?.close().catch(() => undefined);
    if (partial) await rm(partial, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
