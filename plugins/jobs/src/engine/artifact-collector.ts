import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, posix, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isOrcaError, type ArtifactRecord, type DockerService } from '@orcaops/plugin-api';

/** Size limits for collected artifacts. */
export interface ArtifactLimits {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

/** A path the runner found for a pattern. */
export interface FoundArtifact {
  readonly pattern: string;
  /** As the shell printed it: absolute, or relative to the working directory. */
  readonly path: string;
}

/** What was collected and what was not, with why. */
export interface CollectedArtifacts {
  readonly artifacts: ArtifactRecord[];
  readonly skipped: Array<{ pattern: string; reason: string }>;
}

/**
 * Copies artifacts out of a (stopped) container through the archive API and stores them under `destDir`,
 * keeping their container paths. Only regular files are written; an entry whose name would land outside
 * `destDir`, a link, or a device is skipped. Each file is hashed while it streams and cut off at the limits.
 */
export async function collectArtifacts(
  docker: DockerService,
  containerId: string,
  workdir: string,
  found: readonly FoundArtifact[],
  destDir: string,
  limits: ArtifactLimits,
): Promise<CollectedArtifacts> {
  const { extract } = await import('tar-stream');
  const root = resolve(destDir);
  await mkdir(root, { recursive: true });
  const artifacts: ArtifactRecord[] = [];
  const skipped: Array<{ pattern: string; reason: string }> = [];
  const seen = new Set<string>();
  let total = 0;

  for (const { pattern, path } of found) {
    const containerPath = posix.normalize(posix.isAbsolute(path) ? path : posix.join(workdir, path));
    let archive: NodeJS.ReadableStream;
    try {
      archive = await docker.getArchive(containerId, containerPath);
    } catch (error) {
      skipped.push({ pattern, reason: `${containerPath}: ${isOrcaError(error) && error.code === 'NOT_FOUND' ? 'not found' : (error as Error).message}` });
      continue;
    }
    // The archive's entry names are relative to the parent directory of the requested path.
    const base = posix.dirname(containerPath).replace(/^\/+/, '');
    const unpack = extract();
    unpack.on('entry', (header, stream, next) => {
      const relativePath = posix.normalize(posix.join(base, header.name)).replace(/^\/+/, '');
      const target = resolve(root, ...relativePath.split('/'));
      const finish = (reason?: string) => {
        if (reason) skipped.push({ pattern, reason: `${relativePath}: ${reason}` });
        stream.resume();
        next();
      };
      if (relativePath.startsWith('..') || !target.startsWith(root + sep)) return finish('name points outside the artifact directory');
      if (header.type === 'directory') return finish();
      if (header.type !== 'file') return finish(`${header.type ?? 'special'} entries are not collected`);
      if (seen.has(relativePath)) return finish();
      const size = header.size ?? 0;
      if (size > limits.maxFileBytes) return finish(`${size} bytes is over the per-file limit of ${limits.maxFileBytes}`);
      if (total + size > limits.maxTotalBytes) return finish(`would exceed the total artifact limit of ${limits.maxTotalBytes} bytes`);
      seen.add(relativePath);
      total += size;
      writeHashed(stream, target)
        .then((sha256) => {
          artifacts.push({ path: relativePath, size, sha256, source: pattern });
          next();
        })
        .catch(async (error: unknown) => {
          await rm(target, { force: true });
          skipped.push({ pattern, reason: `${relativePath}: ${(error as Error).message}` });
          next();
        });
    });
    await pipeline(archive as NodeJS.ReadableStream & AsyncIterable<Buffer>, unpack).catch((error: unknown) => {
      skipped.push({ pattern, reason: `${containerPath}: archive unreadable (${(error as Error).message})` });
    });
  }
  return { artifacts, skipped };
}

async function writeHashed(source: NodeJS.ReadableStream, target: string): Promise<string> {
  await mkdir(join(target, '..'), { recursive: true });
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  // `wx`: never follow or replace something already there.
  await pipeline(source as NodeJS.ReadableStream & AsyncIterable<Buffer>, tee, createWriteStream(target, { flags: 'wx' }));
  return hash.digest('hex');
}
