import { access, readdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';

/** The names `docker compose` looks for, in its order. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

/**
 * Resolves a sandbox directory (relative to the working directory) and checks that it lies under one of the
 * allowed roots, following symbolic links of the part that exists already.
 * @throws `INVALID_PATH`.
 */
export async function resolveSandboxDirectory(input: string, roots: readonly string[]): Promise<string> {
  const directory = resolve(input);
  const real = await realpathOfExisting(directory);
  for (const root of roots) {
    const realRoot = await realpathOfExisting(resolve(root));
    if (isInside(realRoot, real)) return directory;
  }
  throw new OrcaError('INVALID_PATH', `${directory} is outside the directories sandboxes may use (${roots.join(', ')}).`, {
    suggestion: 'Choose a directory under one of those, or add a root to the sandboxes plugin option "roots".',
  });
}

/**
 * The compose file of a sandbox: `file` (relative to the directory) or the first of {@link COMPOSE_FILE_NAMES}.
 * It must stay inside the directory even through symbolic links, so a sandbox can never make compose read a file
 * elsewhere. Returns the path relative to the directory.
 * @throws `DIR_NOT_FOUND`, `INVALID_PATH` (outside), `NOT_FOUND` (no such file).
 */
export async function resolveComposeFile(directory: string, file?: string): Promise<string> {
  let realDirectory: string;
  try {
    realDirectory = await realpath(directory);
  } catch {
    throw new OrcaError('DIR_NOT_FOUND', `The sandbox directory ${directory} does not exist.`);
  }
  if (file === undefined) {
    const names = new Set(await readdir(realDirectory));
    const found = COMPOSE_FILE_NAMES.find((name) => names.has(name));
    if (!found) throw new OrcaError('NOT_FOUND', `${directory} has no compose file (${COMPOSE_FILE_NAMES.join(', ')}).`, { suggestion: 'Pass compose_file, or add a compose file.' });
    file = found;
  }
  const candidate = resolve(realDirectory, file);
  if (!isInside(realDirectory, candidate)) throw outside(file, directory);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new OrcaError('NOT_FOUND', `The compose file ${file} does not exist in ${directory}.`, { suggestion: 'Check compose_file, or recreate the sandbox.' });
  }
  if (!isInside(realDirectory, real)) throw outside(file, directory);
  return relative(realDirectory, candidate);
}

/** True for an empty or missing directory. */
export async function isEmptyOrMissing(directory: string): Promise<boolean> {
  try {
    return (await readdir(directory)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of the nearest existing ancestor, with the rest appended. */
async function realpathOfExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realpathOfExisting(parent), path.slice(parent.length));
  }
}

function outside(file: string, directory: string): OrcaError {
  return new OrcaError('INVALID_PATH', `The compose file ${file} is outside the sandbox directory ${directory}.`, {
    suggestion: 'Keep the compose file inside the sandbox directory.',
  });
}
