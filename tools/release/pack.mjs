// Packs what OrcaOps publishes into a folder: the staged `orcaops` package and the plugin SDK.
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stageOrcaops } from './stage-package.mjs';
import { ROOT } from './workspace.mjs';

/** `npm pack` of `dir` into `outDir`, asynchronously (a registry served from this process must keep answering). */
export function npmPack(dir, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`npm pack in ${dir} exited with ${code}`));
      const [packed] = JSON.parse(out);
      resolve({ tarball: join(outDir, packed.filename), files: packed.files.map((file) => file.path), size: packed.size, unpackedSize: packed.unpackedSize });
    });
  });
}

/** The SDK as published: its package with the project's LICENSE. */
async function stagePluginApi(dir) {
  const source = join(ROOT, 'libs/plugin-api');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const file of ['package.json', 'README.md']) await copyFile(join(source, file), join(dir, file));
  await cp(join(source, 'dist'), join(dir, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.tsbuildinfo') });
  await copyFile(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
}

/** Stages and packs both packages into `outDir`; the compiled workspace must be built. */
export async function packOrcaops(outDir) {
  const stage = join(outDir, 'stage');
  await stagePluginApi(join(stage, 'plugin-api'));
  const { manifest } = await stageOrcaops(join(stage, 'orcaops'));
  const pluginApi = await npmPack(join(stage, 'plugin-api'), outDir);
  const orcaops = await npmPack(join(stage, 'orcaops'), outDir);
  await rm(stage, { recursive: true, force: true });
  return { version: manifest.version, orcaops, pluginApi };
}
