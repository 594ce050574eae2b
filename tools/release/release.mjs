#!/usr/bin/env node
// `npm run release [-- OUT_DIR] [--no-build] [--registry-schema FILE]`: builds the workspace and writes every
// release artifact to one folder (release/ by default): the npm tarballs of `orcaops` and `@orcaops/plugin-api`,
// the Claude Desktop bundle (.mcpb), the MCP registry's server.json, and SHA256SUMS. Nothing is published from here.
// --no-build uses the workspace as built; --registry-schema also validates server.json against a downloaded copy of
// the registry's published JSON Schema (the registry's rules are always checked, offline).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildMcpb } from './mcpb.mjs';
import { packOrcaops } from './pack.mjs';
import { checkAgainstPublishedSchema, registryProblems } from './registry-rules.mjs';
import { serverJson } from './server-json.mjs';
import { ROOT, releaseVersion, versionMismatches } from './workspace.mjs';

const { values, positionals } = parseArgs({
  options: { 'no-build': { type: 'boolean', default: false }, 'registry-schema': { type: 'string' } },
  allowPositionals: true,
});
const outDir = resolve(positionals[0] ?? join(ROOT, 'release'));
const fail = (lines) => {
  for (const line of [lines].flat()) console.error(line);
  process.exit(1);
};

const version = releaseVersion();
const mismatched = versionMismatches();
if (mismatched.length > 0) {
  fail([`these packages do not carry version ${version} (node tools/release/set-version.mjs fixes that):`, ...mismatched.map((manifest) => `  ${manifest.name} ${manifest.version}`)]);
}
if (!(await readFile(join(ROOT, 'CHANGELOG.md'), 'utf8')).includes(`## ${version}`)) fail(`CHANGELOG.md has no section for ${version}`);
if (!values['no-build'] && spawnSync(join(ROOT, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
  fail('the build failed');
}

const sha256 = async (file) => createHash('sha256').update(await readFile(file)).digest('hex');

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const { orcaops, pluginApi } = await packOrcaops(outDir);
const mcpbFile = join(outDir, `orcaops-${version}.mcpb`);
await buildMcpb({ orcaopsTarball: orcaops.tarball, pluginApiTarball: pluginApi.tarball, version, outFile: mcpbFile });
const entry = serverJson({ version, mcpbSha256: await sha256(mcpbFile) });
const problems = [...registryProblems(entry), ...(values['registry-schema'] ? await checkAgainstPublishedSchema(entry, values['registry-schema']) : [])];
if (problems.length > 0) fail(['server.json breaks the registry rules:', ...problems.map((problem) => `  ${problem}`)]);
await writeFile(join(outDir, 'server.json'), `${JSON.stringify(entry, null, 2)}\n`);

const files = (await readdir(outDir)).filter((file) => file !== 'SHA256SUMS').sort();
const sums = await Promise.all(files.map(async (file) => `${await sha256(join(outDir, file))}  ${file}`));
await writeFile(join(outDir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
console.log(`OrcaOps ${version} in ${outDir}:\n${files.map((file) => `  ${file}`).join('\n')}\n  SHA256SUMS`);
