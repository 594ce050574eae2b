import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ScaffoldFile } from './plugin-template.js';

/** Why a package was not written: the target is taken. Other failures (permissions, a full disk) throw. */
export interface WriteRefusal {
  readonly ok: false;
  readonly message: string;
}

/** How the package was written: into a new or empty directory, or file by file into an existing one (`--force`). */
export type WriteResult = { readonly ok: true; readonly merged: boolean } | WriteRefusal;

/**
 * Writes `files` to the directory `target`. They are written to a temporary directory beside it first and then
 * renamed into place, so an interrupted run leaves no half-written package there (at worst a hidden
 * `.<name>.orcaops-new-*` directory beside it). A non-empty target is refused unless `force`; then each file is
 * renamed over the one of the same path and every other file there is kept.
 */
export async function writePackage(target: string, files: readonly ScaffoldFile[], options: { readonly force?: boolean } = {}): Promise<WriteResult> {
  const existing = await targetState(target);
  if (existing === 'file') return { ok: false, message: `${target} exists and is not a directory.` };
  if (existing === 'non-empty' && !options.force) {
    return { ok: false, message: `${target} is not empty. Choose another --dir, or add --force to write into it (files of the same names are replaced, others kept).` };
  }

  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}.orcaops-new-`));
  try {
    for (const file of files) {
      const path = join(staging, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    if (existing === 'non-empty') {
      for (const file of files) {
        const destination = join(target, ...file.path.split('/'));
        await mkdir(dirname(destination), { recursive: true });
        await rename(join(staging, ...file.path.split('/')), destination);
      }
      return { ok: true, merged: true };
    }
    // rename() onto an empty directory is not portable (Windows refuses it), so the empty one goes first.
    if (existing === 'empty') await rmdir(target);
    await rename(staging, target);
    return { ok: true, merged: false };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function targetState(target: string): Promise<'missing' | 'file' | 'empty' | 'non-empty'> {
  const stats = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!stats) return 'missing';
  if (!stats.isDirectory()) return 'file';
  return (await readdir(target)).length === 0 ? 'empty' : 'non-empty';
}
