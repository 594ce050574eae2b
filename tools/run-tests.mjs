#!/usr/bin/env node
// The whole test suite, as CI runs it: a Docker engine for the real-engine tests, the module-boundary check, the
// guides' quoted code (tools/check-docs.test.mjs), type-checking, the generated tool and configuration references
// (tools/reference-docs.test.mjs), docs/cli.md against the CLI's parser (tools/cli-doc.test.mjs), every project's
// Jest suite, then the release artifacts and the installed package (tools/release/*.test.mjs). Ends with one line
// "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const resultsDir = mkdtempSync(join(tmpdir(), 'orcaops-test-results-'));
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', ORCAOPS_TEST_RESULTS_DIR: resultsDir, ORCAOPS_WORKSPACE_ROOT: root };
const nx = join(root, 'node_modules', '.bin', 'nx');

function step(title, command, args) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const count = (ok) => (ok ? passed++ : failed++);

const engineUp = step('Docker test engine', 'bash', [join(root, 'tools/test-engine/up.sh')]);
count(engineUp);
count(step('Module boundaries', process.execPath, [join(root, 'tools/check-boundaries.mjs')]));
count(step('Guides quote the code they show', process.execPath, ['--test', join(root, 'tools/check-docs.test.mjs')]));
count(step('Build and type-check', nx, ['run-many', '-t', 'build', 'typecheck', '--outputStyle=static']));
count(step('Generated references match the code', process.execPath, ['--test', join(root, 'tools/reference-docs.test.mjs')]));
count(step('The CLI guide matches the parser', process.execPath, ['--test', join(root, 'tools/cli-doc.test.mjs')]));
const testsOk = step('Tests', nx, ['run-many', '-t', 'test', '--skip-nx-cache', '--parallel=2', '--outputStyle=stream']);
count(step('Release artifacts and the package as users install it', process.execPath, ['--test', ...releaseTests()]));

const reported = new Set();
for (const file of readdirSync(resultsDir)) {
  const counts = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += counts.passed;
  failed += counts.failed + counts.brokenSuites;
  skipped += counts.skipped;
  reported.add(counts.project);
}
rmSync(resultsDir, { recursive: true, force: true });
// A project whose Jest never reported (no tests, crashed, or never started because a dependency failed) failed.
const silent = projectRoots().filter((project) => !reported.has(project));
for (const project of silent) process.stdout.write(`no test results from ${project}\n`);
failed += silent.length;
if (!testsOk && failed === 0) failed++;

function releaseTests() {
  const dir = join(root, 'tools', 'release');
  return readdirSync(dir).filter((file) => file.endsWith('.test.mjs')).map((file) => join(dir, file));
}

function projectRoots() {
  return ['apps', 'libs', 'plugins'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => `${group}/${name}`)
      .filter((dir) => existsSync(join(root, dir, 'jest.config.mjs'))),
  );
}

process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);
