import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Pack } from 'tar-stream';
import { OrcaError } from '@orcaops/plugin-api';
import { type JobSpec } from '@orcaops/contracts';
import { RUNNER_ROOT, artifactStagingDir } from './runner-script.js';

/** Who owns an entry in the container (numeric: the image's user names are unknown here). */
interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** One thing to put into the container; root owns it unless `owner` says otherwise. */
type Entry = (
  | { readonly kind: 'data'; readonly name: string; readonly data: Buffer; readonly mode: number }
  | { readonly kind: 'file'; readonly name: string; readonly source: string; readonly size: number; readonly mode: number }
  | { readonly kind: 'dir'; readonly name: string; readonly mode: number }
  | { readonly kind: 'symlink'; readonly name: string; readonly target: string }
) & { readonly owner?: Owner };

/** Limits and permissions for job inputs. */
export interface InputPolicy {
  /** Host directories that inputs may be copied from (and anything below them). */
  readonly allowedRoots: readonly string[];
  readonly maxBytes: number;
  /**
   * Directories never copied, even from inside an allowed root: OrcaOps's own state (ORCAOPS_HOME holds stored
   * secrets, every run's logs, and files that change while a job starts).
   */
  readonly neverCopied?: readonly string[];
}

/**
 * Everything OrcaOps puts into a job container before it starts, as one tar archive to extract at `/`: inline
 * files, copies of host directories, and then the runner (script, one file per step, artifact staging directory)
 * in `runnerDir`. Host directories are copied, never mounted, so a job can never write back to the host.
 *
 * No input may land at or below {@link RUNNER_ROOT}: the record shows the steps the runner's files hold, so
 * nothing else may write them. Input names are checked (a `VALIDATION_ERROR` names the offender); the runner's
 * directory is also named after the job's random nonce, unknown to anyone who wrote the spec, and comes last in
 * the archive, so not even a link among the inputs can lead to it.
 */
export async function buildInputArchive(
  spec: JobSpec,
  script: string,
  steps: readonly string[],
  policy: InputPolicy,
  runnerDir: string,
  /** Where the archive is extracted: `/`, or (read-only root) one writable directory, holding only what goes there. */
  under = '/',
): Promise<Readable> {
  const runner = runnerDir.replace(/^\/+/, '');
  const runnerEntries: Entry[] = [
    { kind: 'data', name: `${runner}/run.sh`, data: Buffer.from(script), mode: 0o755 },
    ...steps.map((command, index) => ({ kind: 'data' as const, name: `${runner}/steps/${index}.sh`, data: Buffer.from(command), mode: 0o644 })),
    // Writable whatever user the image runs as: the runner stages artifacts there after the steps.
    ...(spec.artifacts.length > 0
      ? [
          { kind: 'dir' as const, name: artifactStagingDir(runner), mode: 0o777 },
          { kind: 'dir' as const, name: `${artifactStagingDir(runner)}/files`, mode: 0o777 },
        ]
      : []),
  ];
  // A job with a user gets its workdir and inputs as that user's, so it can write where it works.
  const entries: Entry[] = [
    ...(spec.user === undefined ? [] : [{ kind: 'dir' as const, name: containerName(spec.workdir, '.'), mode: 0o755 }]),
    ...spec.inputs.files.map((file) => ({
      kind: 'data' as const,
      name: containerName(spec.workdir, file.path),
      data: Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8'),
      mode: file.mode ?? 0o644,
    })),
  ];
  const neverCopied = new Set(await Promise.all((policy.neverCopied ?? []).map((dir) => realpath(dir).catch(() => resolve(dir)))));
  for (const directory of spec.inputs.directories) {
    const source = await allowedSource(directory.source, policy.allowedRoots);
    const inside = [...neverCopied].find((dir) => source === dir || source.startsWith(dir + sep));
    if (inside !== undefined) {
      throw new OrcaError('PERMISSION_DENIED', `Input directory ${directory.source} is inside ${inside}, OrcaOps's own state (runs, stored secrets), which is never copied into jobs.`, {
        suggestion: 'Copy a project directory instead; OrcaOps leaves its state directory out of any directory that contains it.',
      });
    }
    entries.push(...(await walk(source, containerName(spec.workdir, directory.target), new Set(directory.exclude), neverCopied)));
  }
  refuseRunnerPaths(entries.map((entry) => entry.name));
  const owner = spec.user === undefined ? undefined : parseOwner(spec.user);
  if (owner) entries.splice(0, entries.length, ...entries.map((entry) => ({ ...entry, owner })));
  entries.push(...runnerEntries);
  const total = entries.reduce((sum, entry) => sum + (entry.kind === 'file' ? entry.size : entry.kind === 'data' ? entry.data.length : 0), 0);
  if (total > policy.maxBytes) {
    throw new OrcaError('LIMIT_EXCEEDED', `Job inputs total ${total} bytes, more than the limit of ${policy.maxBytes}.`, {
      suggestion: 'Copy a smaller directory, add names to exclude (e.g. build output), or raise the jobs plugin option max_input_bytes.',
    });
  }
  // Loaded on first use: start-up (and `tools/list`) does not need a tar library.
  const { pack } = await import('tar-stream');
  // Nothing is read from disk until the archive is: a file that fails before the upload has begun (while the
  // container is being created) fails the upload, instead of erroring a stream nobody listens to yet.
  return Readable.from(archiveBytes(pack(), under === '/' ? entries : entriesUnder(entries, under)));
}

async function* archiveBytes(archive: Pack, entries: readonly Entry[]): AsyncGenerator<Buffer> {
  void writeEntries(archive, entries).catch((error: unknown) => archive.destroy(error as Error));
  try {
    for await (const chunk of archive as unknown as AsyncIterable<Buffer>) yield chunk;
  } finally {
    archive.destroy();
  }
}

/**
 * Copies a file as large as it was when the inputs were listed: the archive declared that size. A file that grew
 * since gives its first bytes; one that shrank cannot fill its entry, which is an error naming it (a tar entry
 * short of its size would otherwise stall the copy into the container).
 */
async function copyFile(entry: Extract<Entry, { kind: 'file' }>, sink: NodeJS.WritableStream): Promise<void> {
  let copied = 0;
  if (entry.size > 0) {
    for await (const chunk of createReadStream(entry.source, { start: 0, end: entry.size - 1 })) {
      copied += (chunk as Buffer).length;
      // Waits for room, or for the archive to be closed (an aborted upload): then nothing more is read.
      if (!sink.write(chunk)) await new Promise((drained) => (sink.once('drain', drained), sink.once('close', drained)));
      if ((sink as NodeJS.WritableStream & { destroyed?: boolean }).destroyed) return;
    }
  }
  if (copied < entry.size) {
    throw new OrcaError('VALIDATION_ERROR', `Input file ${entry.source} changed while it was being copied into the job (${entry.size} bytes when listed, ${copied} now).`, {
      suggestion: 'Leave files that change while a job starts (logs, build output) out with the directory\'s exclude, or copy a directory that does not change.',
    });
  }
  sink.end();
}

/** The entries below `dir`, named relative to it (the directory itself exists already: it is a volume). */
function entriesUnder(entries: readonly Entry[], dir: string): Entry[] {
  const prefix = `${dir.replace(/^\/+|\/+$/g, '')}/`;
  return entries.filter((entry) => entry.name.startsWith(prefix)).map((entry) => ({ ...entry, name: entry.name.slice(prefix.length) }));
}

/**
 * Refuses what a read-only root cannot take: inputs outside the working directory (only it and the runner's
 * directory are writable volumes), and a `user` (a fresh volume belongs to root, so the user could not write it).
 * @throws OrcaError `VALIDATION_ERROR`.
 */
export function assertReadOnlyInputs(spec: JobSpec): void {
  if (!spec.read_only) return;
  if (spec.user !== undefined) {
    throw new OrcaError('VALIDATION_ERROR', 'read_only and user cannot be combined yet: the writable working directory of a read-only job belongs to root.', {
      suggestion: 'Leave out user, or read_only.',
    });
  }
  const workdir = containerName(spec.workdir, '.');
  const outside = [...spec.inputs.files.map((file) => file.path), ...spec.inputs.directories.map((directory) => directory.target)]
    .map((path) => containerName(spec.workdir, path))
    .find((name) => name !== workdir && !name.startsWith(`${workdir}/`));
  if (outside !== undefined) {
    throw new OrcaError('VALIDATION_ERROR', `With read_only, inputs go under the working directory ${spec.workdir}; /${outside} is outside it.`, {
      suggestion: 'Give the input a path under workdir (a relative one is), or leave out read_only.',
    });
  }
}

/**
 * Refuses a spec whose inline files or directory targets lie in {@link RUNNER_ROOT}, before anything runs.
 * @throws OrcaError `VALIDATION_ERROR`.
 */
export function assertInputTargets(spec: JobSpec): void {
  refuseRunnerPaths([...spec.inputs.files.map((file) => file.path), ...spec.inputs.directories.map((directory) => directory.target)].map((path) => containerName(spec.workdir, path)));
}

function refuseRunnerPaths(names: readonly string[]): void {
  const root = RUNNER_ROOT.slice(1);
  const offender = names.find((name) => name === root || name.startsWith(`${root}/`));
  if (offender === undefined) return;
  throw new OrcaError('VALIDATION_ERROR', `Job input /${offender} is inside ${RUNNER_ROOT}, where OrcaOps keeps the files that run the job.`, {
    suggestion: `Choose another target path for the input (any path outside ${RUNNER_ROOT}).`,
  });
}

/** `uid` or `uid:gid` (the group defaults to the uid, as for most images' users). */
function parseOwner(user: string): Owner {
  const [uid, gid = uid] = user.split(':').map(Number) as [number, number?];
  return { uid, gid };
}

/** A container path for the tar: absolute paths as given, relative ones under the working directory. */
function containerName(workdir: string, path: string): string {
  const absolute = posix.isAbsolute(path) ? posix.normalize(path) : posix.join(workdir, path);
  return absolute.replace(/^\/+/, '') || '.';
}

async function allowedSource(source: string, allowedRoots: readonly string[]): Promise<string> {
  const requested = isAbsolute(source) ? source : resolve(allowedRoots[0] ?? process.cwd(), source);
  let real: string;
  try {
    real = await realpath(requested);
    if (!(await lstat(real)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new OrcaError('DIR_NOT_FOUND', `Input directory ${requested} does not exist or is not a directory.`);
  }
  for (const root of allowedRoots) {
    const realRoot = await realpath(root).catch(() => resolve(root));
    if (real === realRoot || real.startsWith(realRoot + sep)) return real;
  }
  throw new OrcaError('PERMISSION_DENIED', `Input directory ${requested} is outside the directories jobs may copy from (${allowedRoots.join(', ')}).`, {
    suggestion: 'Use a directory inside the server\'s working directory, or add its parent to the jobs plugin option input_roots in orcaops.config.json.',
  });
}

/** The entries below `root` (a real path, so the paths walked are real: links are copied as links, not followed). */
async function walk(root: string, target: string, exclude: ReadonlySet<string>, neverCopied: ReadonlySet<string>): Promise<Entry[]> {
  const entries: Entry[] = [{ kind: 'dir', name: target, mode: 0o755 }];
  const visit = async (dir: string): Promise<void> => {
    for (const dirent of await readdir(dir, { withFileTypes: true })) {
      if (exclude.has(dirent.name)) continue;
      const path = join(dir, dirent.name);
      if (neverCopied.has(path)) continue;
      const name = posix.join(target, relative(root, path).split(sep).join('/'));
      const stats = await lstat(path);
      if (stats.isDirectory()) {
        entries.push({ kind: 'dir', name, mode: stats.mode & 0o777 });
        await visit(path);
      } else if (stats.isFile()) {
        entries.push({ kind: 'file', name, source: path, size: stats.size, mode: stats.mode & 0o777 });
      } else if (stats.isSymbolicLink()) {
        entries.push({ kind: 'symlink', name, target: await readlink(path) });
      }
    }
  };
  await visit(root);
  return entries;
}

async function writeEntries(archive: Pack, entries: readonly Entry[]): Promise<void> {
  for (const entry of entries) {
    await new Promise<void>((resolvePromise, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolvePromise());
      const owner = entry.owner ? { uid: entry.owner.uid, gid: entry.owner.gid } : {};
      switch (entry.kind) {
        case 'data':
          archive.entry({ name: entry.name, mode: entry.mode, ...owner }, entry.data, done);
          return;
        case 'dir':
          archive.entry({ name: entry.name, type: 'directory', mode: entry.mode, ...owner }, done);
          return;
        case 'symlink':
          archive.entry({ name: entry.name, type: 'symlink', linkname: entry.target, ...owner }, done);
          return;
        case 'file': {
          const sink = archive.entry({ name: entry.name, size: entry.size, mode: entry.mode, ...owner }, done);
          copyFile(entry, sink).catch(reject);
          return;
        }
      }
    });
  }
  archive.finalize();
}
