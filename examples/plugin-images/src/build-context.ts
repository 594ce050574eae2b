import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';

/** A build context that passed the checks: a real directory inside a build root, and its Dockerfile inside it. */
export interface CheckedContext {
  /** The context's real path (symbolic links resolved). */
  readonly directory: string;
  /** The Dockerfile's path inside it, `/`-separated (links resolved, so the engine reads the file that was checked). */
  readonly dockerfile: string;
}

/**
 * Checks where a build may read from. The context must be, once every symbolic link is resolved, one of `roots` or
 * below one (a `..` or a link that leads out is refused, whether or not the target exists), and the Dockerfile a
 * regular file inside the context, also after links. Files inside the context that are links are sent as links
 * and resolved by the engine inside the context, so they cannot expose the host either.
 *
 * @throws OrcaError `PERMISSION_DENIED` (context outside the roots), `DIR_NOT_FOUND`, `INVALID_PATH` (Dockerfile
 *   absolute or outside the context), `NOT_FOUND` (no such Dockerfile).
 */
export async function checkContext(roots: readonly string[], context: string, dockerfile: string): Promise<CheckedContext> {
  const requested = isAbsolute(context) ? resolve(context) : resolve(roots[0]!, context);
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => resolve(root))));
  if (!roots.some((root) => inside(requested, resolve(root))) && !realRoots.some((root) => inside(requested, root))) throw outside(context, requested, roots);
  let directory: string;
  try {
    directory = await realpath(requested);
  } catch {
    throw new OrcaError('DIR_NOT_FOUND', `The build context ${requested} does not exist.`, { suggestion: 'Check the path; a relative context starts at the first build root.' });
  }
  if (!realRoots.some((root) => inside(directory, root))) throw outside(context, directory, roots, true);
  if (!(await stat(directory)).isDirectory()) throw new OrcaError('DIR_NOT_FOUND', `The build context ${requested} is not a directory.`);

  const normalized = posix.normalize(dockerfile.split('\\').join('/'));
  if (posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
    throw new OrcaError('INVALID_PATH', `The Dockerfile ${JSON.stringify(dockerfile)} must be a relative path inside the build context.`, {
      suggestion: 'Give it relative to the context directory, e.g. "Dockerfile" or "docker/app.Dockerfile".',
    });
  }
  let file: string;
  try {
    file = await realpath(resolve(directory, normalized));
  } catch {
    throw new OrcaError('NOT_FOUND', `There is no Dockerfile ${normalized} in the build context ${directory}.`, { suggestion: 'Check the dockerfile argument (relative to the context).' });
  }
  if (!inside(file, directory) || file === directory) {
    throw new OrcaError('INVALID_PATH', `The Dockerfile ${normalized} leads (through a symbolic link) to ${file}, outside the build context.`, {
      suggestion: 'Use a Dockerfile that lies inside the context directory.',
    });
  }
  if (!(await lstat(file)).isFile()) throw new OrcaError('NOT_FOUND', `The Dockerfile ${normalized} in ${directory} is not a regular file.`);
  return { directory, dockerfile: relative(directory, file).split(sep).join('/') };
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function outside(context: string, path: string, roots: readonly string[], throughLink = false): OrcaError {
  return new OrcaError('PERMISSION_DENIED', `The build context ${JSON.stringify(context)} ${throughLink ? `resolves (through a symbolic link) to ${path}, which is` : `is ${path},`} outside the directories builds may read (${roots.join(', ')}).`, {
    suggestion: 'Build from a directory inside a build root, or add its parent to the plugin option build_roots in orcaops.config.json.',
    details: { build_roots: [...roots] },
  });
}
