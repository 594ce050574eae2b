import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { PluginManifest } from '@orcaops/plugin-api';

/** A plugin package found on disk, not yet imported. */
export interface ResolvedPlugin {
  readonly packageDir: string;
  readonly packageName: string;
  readonly version: string | null;
  readonly manifest: PluginManifest;
  /** Absolute path of the entry module. */
  readonly entryFile: string;
}

/** Why a plugin could not be resolved; recorded as a load failure. */
export class PluginResolveError extends Error {
  override readonly name = 'PluginResolveError';
}

/**
 * Finds a plugin package the way Node finds a dependency (`node_modules` from `baseDir` upwards), or at a path
 * when `source` starts with `.` or `/`, and reads its `orcaops` manifest. Resolving through `package.json` rather
 * than `import.meta.resolve` works for packages whose `exports` do not expose their manifest.
 */
export async function resolvePlugin(source: string, baseDir: string): Promise<ResolvedPlugin> {
  const packageDir = isPathSource(source) ? resolve(baseDir, source) : await findPackageDir(source, baseDir);
  const packageJson = await readPackageJson(packageDir, source);
  const manifest = packageJson['orcaops'] as Partial<PluginManifest> | undefined;
  if (!manifest || typeof manifest !== 'object') {
    throw new PluginResolveError(`${source}: package.json has no "orcaops" manifest field, so it is not an OrcaOps plugin.`);
  }
  if (typeof manifest.apiVersion !== 'number' || typeof manifest.entry !== 'string' || manifest.entry.length === 0) {
    throw new PluginResolveError(`${source}: the "orcaops" manifest needs a numeric "apiVersion" and an "entry" path.`);
  }
  const realDir = await realpath(packageDir);
  const entryFile = resolve(realDir, manifest.entry);
  // The entry must live inside the package: a manifest cannot point the loader at arbitrary files.
  if (entryFile !== realDir && !entryFile.startsWith(realDir + sep)) {
    throw new PluginResolveError(`${source}: the manifest entry "${manifest.entry}" points outside the package.`);
  }
  return {
    packageDir: realDir,
    packageName: typeof packageJson['name'] === 'string' ? packageJson['name'] : source,
    version: typeof packageJson['version'] === 'string' ? packageJson['version'] : null,
    manifest: { apiVersion: manifest.apiVersion, entry: manifest.entry },
    entryFile,
  };
}

function isPathSource(source: string): boolean {
  return source.startsWith('.') || isAbsolute(source);
}

async function findPackageDir(name: string, baseDir: string): Promise<string> {
  let dir = resolve(baseDir);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    try {
      await readFile(join(candidate, 'package.json'));
      return candidate;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) throw new PluginResolveError(`${name}: package not found in node_modules from ${baseDir} upwards (is it installed?).`);
      dir = parent;
    }
  }
}

async function readPackageJson(packageDir: string, source: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(join(packageDir, 'package.json'), 'utf8');
  } catch {
    throw new PluginResolveError(`${source}: no package.json in ${packageDir}.`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PluginResolveError(`${source}: ${join(packageDir, 'package.json')} is not valid JSON.`);
  }
}
