import { constants, createReadStream } from 'node:fs';
import { access, lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Pack } from 'tar-stream';
import { OrcaError } from '@orcaops/plugin-api';
import { throwIfAborted } from '../streams/consume.js';

/** One thing in a build context archive. */
type Entry =
  | { readonly kind: 'dir'; readonly name: string; readonly mode: number; readonly mtime: Date }
  | { readonly kind: 'file'; readonly name: string; readonly source: string; readonly size: number; readonly mode: number; readonly mtime: Date }
  | { readonly kind: 'symlink'; readonly name: string; readonly target: string; readonly mtime: Date };

/** A directory packed for the engine's builder. */
export interface PackedContext {
  /** The tar archive, produced as the engine reads it. */
  readonly tar: Readable;
  /** Bytes of the files in it. */
  readonly bytes: number;
  /** Set when reading a file failed while packing (the archive is then destroyed with it). */
  readonly failure: () => OrcaError | null;
}

/**
 * Packs `directory` as the Docker CLI does for `docker build`: every file, directory and symbolic link below it
 * except what its `.dockerignore` excludes (the Dockerfile and `.dockerignore` are always sent, so the builder
 * finds them), owned by root. Links are sent as links and never followed, so nothing outside the directory is
 * read; the builder resolves them inside the context. Sockets, FIFOs and devices are left out. Everything is
 * listed (and checked readable) before the first byte is sent, so a context over `maxBytes` or an unreadable
 * file fails before the engine sees anything.
 *
 * @throws OrcaError `DIR_NOT_FOUND`, `VALIDATION_ERROR` (no such Dockerfile), `PERMISSION_DENIED`, `LIMIT_EXCEEDED`.
 */
export async function packDirectory(directory: string, dockerfile: string, maxBytes: number | undefined, signal: AbortSignal | undefined): Promise<PackedContext> {
  const root = await lstat(directory).catch(() => null);
  if (!root?.isDirectory()) throw new OrcaError('DIR_NOT_FOUND', `The build context ${directory} does not exist or is not a directory.`);
  const dockerfileName = contextPath(dockerfile);
  if (dockerfileName === null) {
    throw new OrcaError('VALIDATION_ERROR', `The Dockerfile path ${JSON.stringify(dockerfile)} must be relative and stay inside the build context.`);
  }
  const dockerfileStats = await lstat(join(directory, dockerfileName)).catch(() => null);
  if (!dockerfileStats?.isFile()) {
    throw new OrcaError('VALIDATION_ERROR', `There is no Dockerfile ${dockerfileName} in the build context ${directory}.`, {
      suggestion: 'Give the Dockerfile path relative to the context directory (default "Dockerfile"), or write one there.',
    });
  }
  const ignored = await dockerignore(directory);
  const keep = new Set([dockerfileName, '.dockerignore']);
  const entries = await walk(directory, (name) => !keep.has(name) && ignored.ignores(name), (name) => ignored.hasExceptions || [...keep].some((kept) => kept.startsWith(`${name}/`)), signal);
  const bytes = entries.reduce((sum, entry) => sum + (entry.kind === 'file' ? entry.size : 0), 0);
  if (maxBytes !== undefined && bytes > maxBytes) {
    throw new OrcaError('LIMIT_EXCEEDED', `The build context ${directory} holds ${bytes} bytes of files, more than the limit of ${maxBytes}.`, {
      suggestion: 'Exclude what the build does not need (build output, dependencies, VCS data) in a .dockerignore, or build from a smaller directory.',
      details: { bytes, limit: maxBytes },
    });
  }
  // Loaded on first use: start-up (and `tools/list`) does not need a tar library.
  const { pack } = await import('tar-stream');
  const archive = pack();
  let failure: OrcaError | null = null;
  void writeEntries(archive, entries).catch((error: unknown) => {
    failure = error instanceof OrcaError ? error : new OrcaError('PERMISSION_DENIED', `Reading the build context ${directory} failed: ${(error as Error).message}`, { cause: error });
    archive.destroy(failure);
  });
  return { tar: archive as unknown as Readable, bytes, failure: () => failure };
}

/** `dockerfile` as a `/`-separated path inside the context, or null when it is absolute or leaves the context. */
export function contextPath(path: string): string | null {
  if (path === '' || path.startsWith('/') || path.includes('\0')) return null;
  const normalized = posix.normalize(path.split('\\').join('/'));
  return normalized === '..' || normalized.startsWith('../') || normalized === '.' ? null : normalized;
}

interface Matcher {
  ignores(path: string): boolean;
  /** The file has `!` lines, so an excluded directory may still hold files to send. */
  readonly hasExceptions: boolean;
}

async function dockerignore(directory: string): Promise<Matcher> {
  const text = await readFile(join(directory, '.dockerignore'), 'utf8').catch(() => null);
  if (text === null) return { ignores: () => false, hasExceptions: false };
  // A CommonJS module whose typings declare an ES default export: from ESM the function is `default.default`.
  const { default: module } = await import('@balena/dockerignore');
  const matcher = module.default().add(text);
  return { ignores: (path) => matcher.ignores(path), hasExceptions: text.split('\n').some((line) => line.trim().startsWith('!')) };
}

/** `mayHoldKept(dir)`: an excluded directory must still be walked, since something inside it may be sent. */
async function walk(root: string, ignored: (name: string) => boolean, mayHoldKept: (dir: string) => boolean, signal: AbortSignal | undefined): Promise<Entry[]> {
  const entries: Entry[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    throwIfAborted(signal);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      throw unreadable(prefix || '.', error);
    }
    for (const base of names) {
      const name = prefix ? `${prefix}/${base}` : base;
      const path = join(dir, base);
      // Gone since the directory was read: nothing to send (a raw ENOENT would read as an unreachable engine).
      const stats = await lstat(path).catch(() => null);
      if (!stats) continue;
      const skip = ignored(name);
      if (stats.isDirectory()) {
        // An excluded directory is still walked when a `!` line (or the Dockerfile) may bring back something inside it.
        if (skip && !mayHoldKept(name)) continue;
        if (!skip) entries.push({ kind: 'dir', name, mode: stats.mode & 0o7777, mtime: stats.mtime });
        await visit(path, name);
      } else if (skip) {
        continue;
      } else if (stats.isFile()) {
        await access(path, constants.R_OK).catch((error: unknown) => {
          throw unreadable(name, error);
        });
        entries.push({ kind: 'file', name, source: path, size: stats.size, mode: stats.mode & 0o7777, mtime: stats.mtime });
      } else if (stats.isSymbolicLink()) {
        const target = await readlink(path).catch(() => null);
        if (target !== null) entries.push({ kind: 'symlink', name, target, mtime: stats.mtime });
      }
    }
  };
  await visit(root, '');
  return entries;
}

function unreadable(name: string, cause: unknown): OrcaError {
  return new OrcaError('PERMISSION_DENIED', `Cannot read ${name} in the build context: ${(cause as Error).message}`, {
    suggestion: 'Make it readable, or exclude it in the context\'s .dockerignore.',
    cause,
  });
}

async function writeEntries(archive: Pack, entries: readonly Entry[]): Promise<void> {
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      const owner = { uid: 0, gid: 0, mtime: entry.mtime };
      switch (entry.kind) {
        case 'dir':
          archive.entry({ name: entry.name, type: 'directory', mode: entry.mode, ...owner }, done);
          return;
        case 'symlink':
          archive.entry({ name: entry.name, type: 'symlink', linkname: entry.target, ...owner }, done);
          return;
        case 'file': {
          const sink = archive.entry({ name: entry.name, size: entry.size, mode: entry.mode, ...owner }, done);
          createReadStream(entry.source)
            .on('error', (error) => reject(unreadable(entry.name, error)))
            .pipe(sink);
          return;
        }
      }
    });
  }
  archive.finalize();
}
