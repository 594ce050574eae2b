// Facts about the workspace the release reads: the one version source and the packages' manifests.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The OrcaOps version: the root package.json's, which every workspace package repeats (checked by checkVersions). */
export const releaseVersion = () => readJson(join(ROOT, 'package.json')).version;

/** Every workspace package's manifest path. */
export function workspaceManifests() {
  return ['apps', 'libs', 'plugins']
    .flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name, 'package.json')))
    .filter((path) => existsSync(path));
}

/** Packages whose version differs from the release version; empty when the one version source is respected. */
export function versionMismatches() {
  const version = releaseVersion();
  return workspaceManifests()
    .map((path) => ({ path, name: readJson(path).name, version: readJson(path).version }))
    .filter((manifest) => manifest.version !== version);
}

/** The version range a workspace package declares for a dependency (first one found). */
export function declaredRange(dependency) {
  for (const path of workspaceManifests()) {
    const manifest = readJson(path);
    const range = manifest.dependencies?.[dependency] ?? manifest.peerDependencies?.[dependency];
    if (range && range !== '*') return range;
  }
  throw new Error(`no workspace package declares a version of ${dependency}`);
}
