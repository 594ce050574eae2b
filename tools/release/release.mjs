#!/usr/bin/env node
// `npm run release`: builds the workspace and writes every release artifact to one folder (release/ by default):
// the npm tarballs of `orcaops` and `@orcaops/plugin-api`, the Claude Desktop bundle, the MCP registry's
// server.json, and SHA256SUMS. Nothing is published from here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { buildMcpb } from './mcpb.mjs';
import { packOrcaops } from './pack.mjs';
import { serverJson } from './server-json.mjs';
import { ROOT, releaseVersion, versionMismatches } from './workspace.mjs';

const outDir = resolve(process.argv[2] ?? join(ROOT, 'release'));
const mismatched = versionMismatches();
if (mismatched.length > 0) {
  console.error(`these packages do not carry version ${releaseVersion()} (node tools/release/set-version.mjs fixes that):`);
  for (const manifest of mismatched) console.error(`  ${manifest.name} ${manifest.version}`);
  process.exit(1);
}
const changelog = await readFile(join(ROOT, 'CHANGELOG.md'), 'utf8');
if (!changelog.includes(`## ${releaseVersion()}`)) {
  console.error(`CHANGELOG.md has no section for ${releaseVersion()}`);
  process.exit(1);
}
if (spawnSync(join(ROOT, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const { version, orcaops, pluginApi } = await packOrcaops(outDir);
await buildMcpb({ orcaopsTarball: orcaops.tarball, pluginApiTarball: pluginApi.tarball, outFile: join(outDir, `orcaops-${version}.mcpb`) });
await writeFile(join(outDir, 'server.json'), `${JSON.stringify(serverJson({ version }), null, 2)}\n`);

const files = (await readdir(outDir)).filter((file) => file !== 'SHA256SUMS').sort();
const sums = await Promise.all(files.map(async (file) => `${createHash('sha256').update(await readFile(join(outDir, file))).digest('hex')}  ${file}`));
await writeFile(join(outDir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
console.log(`OrcaOps ${version} in ${outDir}:\n${files.map((file) => `  ${basename(file)}`).join('\n')}\n  SHA256SUMS`);
