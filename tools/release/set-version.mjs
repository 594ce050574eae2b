#!/usr/bin/env node
// Sets the one OrcaOps version: the root package.json and every workspace package, which repeat it.
// Usage: node tools/release/set-version.mjs 0.2.0
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, workspaceManifests } from './workspace.mjs';

const version = process.argv[2];
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? '')) {
  console.error('usage: node tools/release/set-version.mjs <semver>');
  process.exit(2);
}
for (const path of [join(ROOT, 'package.json'), ...workspaceManifests()]) {
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/^(  "version": )"[^"]*"/m, `$1"${version}"`));
}
console.log(`version ${version}: add its section to CHANGELOG.md, then npm install (the lock file repeats it) and npm run release`);
