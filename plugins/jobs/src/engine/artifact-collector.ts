import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, posix, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isOrcaError, type DockerService } from '@orcaops/plugin-api';
import { type ArtifactRecord } from '@orcaops/contracts';

/** Limits for collected artifacts. */
export interface ArtifactLimits {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  /** Most files one job may collect (the runner stops staging beyond it). */
  readonly maxCount: number;
}

/** Where the runner staged a job's artifacts, and how to read its manifest. */
export interface StagedArtifacts {
  readonly containerId: string;
  /** The container's working directory: relative manifest paths are relative to it. */
  readonly workdir: string;
  /** Container path of the staging directory (`files/<n>` and `manifest`). */
  readonly stagingDir: string;
  /** The job's artifact patterns, in order: the manifest refers to them by index. */
  readonly patterns: readonly string[];
}

/** What was collected and what was not, with why. */
export interface CollectedArtifacts {
  readonly artifacts: ArtifactRecord[];
  readonly skipped: Array<{ pattern: string; reason: string }>;
  /** True when the signal stopped collection before every staged file was copied. */
  readonly stopped: boolean;
}

/** The manifest is small (the count limit bounds its file records); anything far beyond is not the runner's. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

interface Wanted {
  readonly pattern: string;
  readonly relativePath: string;
  readonly target: string;
}

/**
 * Copies the artifacts the runner staged out of a (stopped) container with two archive requests (its manifest,
 * then its `files` directory) whatever their number, and stores them under `destDir`, keeping their container
 * paths. Only regular files are written; a name that would land outside `destDir`, a link or a device is skipped.
 * Each file is hashed while it streams and cut off at the limits.
 *
 * Collection is idempotent: it fills a fresh `<destDir>.collecting` and then replaces `destDir` with it, so a
 * collection interrupted by a crash is simply done again. When `signal` aborts (cancel, time limit), the files
 * already written stay and are recorded, the rest are reported as not collected: the directory always holds
 * exactly what `artifacts` lists.
 */
export async function collectArtifacts(
  docker: DockerService,
  staged: StagedArtifacts,
  destDir: string,
  limits: ArtifactLimits,
  signal?: AbortSignal,
): Promise<CollectedArtifacts> {
  const final = resolve(destDir);
  const work = `${final}.collecting`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    return await collectInto(docker, staged, work, limits, signal);
  } finally {
    await rm(final, { recursive: true, force: true });
    await rename(work, final);
  }
}

async function collectInto(docker: DockerService, staged: StagedArtifacts, root: string, limits: ArtifactLimits, signal: AbortSignal | undefined): Promise<CollectedArtifacts> {
  const { containerId, workdir, stagingDir, patterns } = staged;
  const skipped: Array<{ pattern: string; reason: string }> = [];
  const stoppedBy = () => `collection stopped: ${abortReason(signal)}`;

  let manifest: Buffer;
  try {
    manifest = await readManifest(await docker.getArchive(containerId, `${stagingDir}/manifest`, { signal }), signal);
  } catch (error) {
    const reason = signal?.aborted
      ? stoppedBy()
      : isOrcaError(error) && error.code === 'NOT_FOUND'
        ? 'not collected: the job left no list of matched files (it may have removed it)'
        : `not collected: ${(error as Error).message}`;
    return { artifacts: [], skipped: patterns.map((pattern) => ({ pattern, reason })), stopped: signal?.aborted ?? false };
  }

  const wanted = new Map<number, Wanted>();
  const seen = new Set<string>();
  const matched = new Set<number>();
  let limitAt: number | null = null;
  for (const { kind, index, n, path } of manifestRecords(manifest)) {
    const pattern = patterns[index] ?? '';
    matched.add(index);
    if (kind === 'm') {
      limitAt ??= index;
      skipped.push({ pattern, reason: `more than ${limits.maxCount} files matched; the rest were not collected (jobs plugin option max_artifacts)` });
      continue;
    }
    const containerPath = posix.normalize(posix.isAbsolute(path) ? path : posix.join(workdir, path));
    const relativePath = containerPath.replace(/^\/+/, '');
    if (kind === 'l') skipped.push({ pattern, reason: `${relativePath}: symlink entries are not collected` });
    else if (kind === 'o') skipped.push({ pattern, reason: `${relativePath}: special files are not collected` });
    else if (kind === 'e') skipped.push({ pattern, reason: `${relativePath}: could not be read in the container` });
    if (kind !== 'f' || seen.has(relativePath)) continue;
    const target = resolve(root, ...relativePath.split('/'));
    if (relativePath.startsWith('..') || !target.startsWith(root + sep)) {
      skipped.push({ pattern, reason: `${relativePath}: name points outside the artifact directory` });
      continue;
    }
    if (wanted.size >= limits.maxCount) {
      if (limitAt === null) skipped.push({ pattern, reason: `more than ${limits.maxCount} files matched; the rest were not collected (jobs plugin option max_artifacts)` });
      limitAt ??= index;
      continue;
    }
    if (!Number.isSafeInteger(n) || n < 1 || wanted.has(n)) continue;
    seen.add(relativePath);
    wanted.set(n, { pattern, relativePath, target });
  }
  patterns.forEach((pattern, index) => {
    if (matched.has(index)) return;
    skipped.push({ pattern, reason: limitAt !== null && index > limitAt ? 'not looked at: the max_artifacts limit was already reached' : 'no match' });
  });

  const written = new Map<number, ArtifactRecord>();
  /** Files that were written or skipped with their own reason. */
  const handled = new Set<number>();
  let total = 0;
  let stopped = false;
  if (wanted.size > 0) {
    const { extract } = await import('tar-stream');
    const unpack = extract();
    let current: Promise<void> = Promise.resolve();
    unpack.on('entry', (header, stream, next) => {
      const n = /^files\/(\d+)$/.exec(header.name)?.[1];
      const want = n === undefined ? undefined : wanted.get(Number(n));
      const finish = (reason?: string) => {
        if (reason && want) {
          skipped.push({ pattern: want.pattern, reason: `${want.relativePath}: ${reason}` });
          handled.add(Number(n));
        }
        stream.resume();
        next();
      };
      if (!want || handled.has(Number(n))) return finish();
      const linked = header.type === 'link' ? written.get(Number(/^files\/(\d+)$/.exec(header.linkname ?? '')?.[1])) : undefined;
      if (header.type !== 'file' && !linked) {
        return finish(header.type === 'link' ? 'a hard link to a file that was not collected' : `${header.type ?? 'special'} entries are not collected`);
      }
      const size = linked ? linked.size : (header.size ?? 0);
      if (size > limits.maxFileBytes) return finish(`${size} bytes is over the per-file limit of ${limits.maxFileBytes}`);
      if (total + size > limits.maxTotalBytes) return finish(`would exceed the total artifact limit of ${limits.maxTotalBytes} bytes`);
      total += size;
      const write = linked
        ? copyInto(resolve(root, ...linked.path.split('/')), want.target).then(() => (stream.resume(), linked.sha256))
        : writeHashed(stream, want.target, signal);
      current = write.then(
        (sha256) => {
          written.set(Number(n), { path: want.relativePath, size, sha256, source: want.pattern });
          handled.add(Number(n));
          next();
        },
        async (error: unknown) => {
          total -= size;
          await rm(want.target, { force: true });
          if (!signal?.aborted) {
            skipped.push({ pattern: want.pattern, reason: `${want.relativePath}: ${(error as Error).message}` });
            handled.add(Number(n));
          }
          next();
        },
      );
    });
    let failure = 'missing from the staged files';
    try {
      const archive = await docker.getArchive(containerId, `${stagingDir}/files`, { signal });
      await pipeline(archive as NodeJS.ReadableStream & AsyncIterable<Buffer>, unpack, { signal });
    } catch (error) {
      failure = `staged files unreadable (${(error as Error).message})`;
    }
    // A write in flight when the archive ended must settle (and clean up) before the directory is final.
    await current;
    stopped = signal?.aborted === true && handled.size < wanted.size;
    const left = new Map<string, number>();
    for (const [n, want] of wanted) {
      if (handled.has(n)) continue;
      if (stopped) left.set(want.pattern, (left.get(want.pattern) ?? 0) + 1);
      else skipped.push({ pattern: want.pattern, reason: `${want.relativePath}: ${failure}` });
    }
    for (const [pattern, count] of left) skipped.push({ pattern, reason: `${stoppedBy()}; ${count} matched file${count === 1 ? '' : 's'} not collected` });
  }
  // Manifest order (the order the patterns matched), not the archive's.
  const artifacts = [...written.entries()].sort(([a], [b]) => a - b).map(([, artifact]) => artifact);
  return { artifacts, skipped, stopped };
}

/** The manifest's NUL-terminated records; a truncated last record is dropped. */
function* manifestRecords(manifest: Buffer): Generator<{ kind: string; index: number; n: number; path: string }> {
  const fields: string[] = [];
  for (let start = 0, at = manifest.indexOf(0); at !== -1; start = at + 1, at = manifest.indexOf(0, start)) {
    fields.push(manifest.subarray(start, at).toString('utf8'));
    if (fields.length < 4) continue;
    const [kind, index, n, path] = fields.splice(0, 4) as [string, string, string, string];
    if (/^\d+$/.test(index) && /^\d+$/.test(n)) yield { kind, index: Number(index), n: Number(n), path };
  }
}

async function readManifest(archive: NodeJS.ReadableStream, signal: AbortSignal | undefined): Promise<Buffer> {
  const { extract } = await import('tar-stream');
  const unpack = extract();
  const chunks: Buffer[] = [];
  let size = 0;
  unpack.on('entry', (header, stream, next) => {
    stream.on('data', (chunk: Buffer) => {
      if (header.type !== 'file' || size >= MAX_MANIFEST_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', next);
    stream.resume();
  });
  await pipeline(archive as NodeJS.ReadableStream & AsyncIterable<Buffer>, unpack, { signal });
  return Buffer.concat(chunks).subarray(0, MAX_MANIFEST_BYTES);
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'aborted';
}

async function copyInto(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  // COPYFILE_EXCL: never replace something already there.
  await copyFile(source, target, constants.COPYFILE_EXCL);
}

async function writeHashed(source: NodeJS.ReadableStream, target: string, signal: AbortSignal | undefined): Promise<string> {
  let handle;
  try {
    await mkdir(dirname(target), { recursive: true });
    // `wx`: never follow or replace something already there.
    handle = await open(target, 'wx');
  } catch (error) {
    // Not piped yet: drain this entry so that one unwritable name does not end the whole archive.
    source.resume();
    throw error;
  }
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(source as NodeJS.ReadableStream & AsyncIterable<Buffer>, tee, handle.createWriteStream(), { signal });
  return hash.digest('hex');
}
