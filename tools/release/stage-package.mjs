// Stages the user-facing `orcaops` package: the manifest from packaging/orcaops with the release version and the
// dependencies that stay outside the bundle, the bundle itself, the plugin template, README, LICENSE and CHANGELOG.
import { cp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTERNAL_DEPENDENCIES, bundleOrcaops } from './bundle.mjs';
import { ROOT, declaredRange, readJson, releaseVersion } from './workspace.mjs';

const PACKAGING = join(ROOT, 'packaging/orcaops');

/** The published manifest: packaging/orcaops/package.json plus the version and the runtime dependencies. */
export function orcaopsManifest(version = releaseVersion()) {
  const manifest = readJson(join(PACKAGING, 'package.json'));
  // The SDK is released with OrcaOps at the same version; the others keep the range the workspace is tested with.
  const dependencies = Object.fromEntries(EXTERNAL_DEPENDENCIES.map((name) => [name, name === '@orcaops/plugin-api' ? version : declaredRange(name)]));
  return { name: manifest.name, version, ...manifest, dependencies };
}

/** Writes the package to `dir` (emptied first) and returns its manifest and the bundle's metafile. */
export async function stageOrcaops(dir) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const manifest = orcaopsManifest();
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(join(PACKAGING, 'bin'), join(dir, 'bin'), { recursive: true });
  await copyFile(join(PACKAGING, 'README.md'), join(dir, 'README.md'));
  await copyFile(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
  await copyFile(join(ROOT, 'CHANGELOG.md'), join(dir, 'CHANGELOG.md'));
  await cp(join(ROOT, 'apps/cli/templates'), join(dir, 'templates'), { recursive: true });
  const metafile = await bundleOrcaops(join(dir, 'dist'));
  return { manifest, metafile };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? join(ROOT, 'release/stage/orcaops');
  const { manifest } = await stageOrcaops(dir);
  console.log(`staged ${manifest.name}@${manifest.version} in ${dir}`);
}
