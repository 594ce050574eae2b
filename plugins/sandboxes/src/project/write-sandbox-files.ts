import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@orcaops/contracts';
import { exists } from './sandbox-paths.js';

/**
 * Writes a sandbox's files. A new directory is assembled next to its final place and renamed into it, so a crash
 * leaves either no sandbox directory or a complete one; into an existing directory each file is replaced
 * atomically, and files OrcaOps did not write are left alone.
 */
export async function writeSandboxFiles(directory: string, files: Readonly<Record<string, string>>): Promise<void> {
  if (await exists(directory)) {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFileAtomic(join(directory, path), content);
    }
    return;
  }
  await mkdir(dirname(directory), { recursive: true });
  const staging = join(dirname(directory), `.${basename(directory)}.orcaops-${randomBytes(4).toString('hex')}`);
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    await rename(staging, directory);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
