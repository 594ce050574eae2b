// One version source: the root package.json. Every package repeats it, and the CHANGELOG has its section.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orcaopsManifest } from './stage-package.mjs';
import { ROOT, releaseVersion, versionMismatches } from './workspace.mjs';

it('every workspace package carries the release version', () => {
  assert.deepEqual(versionMismatches(), []);
});

it('the CHANGELOG has a section for the release version', () => {
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${releaseVersion().replace(/\./g, '\\.')}\\b`, 'm'));
});

it('the orcaops package depends on the SDK of its own version and on nothing the bundle carries', () => {
  const manifest = orcaopsManifest();
  assert.equal(manifest.version, releaseVersion());
  assert.equal(manifest.dependencies['@orcaops/plugin-api'], releaseVersion());
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['@orcaops/plugin-api', 'dockerode', 'zod']);
});
