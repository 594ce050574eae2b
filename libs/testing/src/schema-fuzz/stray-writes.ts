import { lstatSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUZZ_MARKER } from './hostile-values.js';

/** Directories a stray write would most likely land in: the test's working directory, the repository, tmp, home. */
export function watchedDirectories(): string[] {
  // libs/testing/src/schema-fuzz (or dist/schema-fuzz) up to the repository.
  const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return [...new Set([process.cwd(), repository, tmpdir(), homedir(), '/tmp'])];
}

/** Entries of the watched directories whose names carry the fuzz marker. */
export async function markedEntries(directories: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const directory of directories) {
    const names = await readdir(directory).catch(() => [] as string[]);
    found.push(...names.filter((name) => name.includes(FUZZ_MARKER)).map((name) => join(directory, name)));
  }
  return found.sort();
}

/** Where the strings in `args` would land as paths (from the process's directory, or as given) that do not exist yet. */
export function absentPaths(args: unknown, root: string): string[] {
  const candidates = new Set<string>();
  for (const text of strings(args)) {
    if (text.length === 0 || text.length > 4096 || text.includes('\u0000')) continue;
    const expanded = text === '~' || text.startsWith('~/') ? join(homedir(), text.slice(1)) : text;
    const path = isAbsolute(expanded) ? resolve(expanded) : resolve(process.cwd(), expanded);
    const inside = relative(root, path);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) continue;
    candidates.add(path);
  }
  const absent: string[] = [];
  for (const path of candidates) if (!exists(path)) absent.push(path);
  return absent;
}

/** The paths of {@link absentPaths} that exist now. */
export function createdPaths(absent: readonly string[]): string[] {
  const created: string[] = [];
  for (const path of absent) if (exists(path)) created.push(path);
  return created;
}

// Synchronous: the thread pool is busy with the tools' own file work, and these checks must not wait behind it.
function exists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    // Too long a name, or a component that is a file: nothing can have been created there.
    return false;
  }
}

/** The strings in a value (keys included), bounded for giant lists and deep nesting. */
function strings(value: unknown, depth = 0, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (depth < 8 && Array.isArray(value)) value.slice(0, 50).forEach((item) => strings(item, depth + 1, found));
  else if (depth < 8 && typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value).slice(0, 50)) {
      found.push(key);
      strings(item, depth + 1, found);
    }
  }
  return found;
}
