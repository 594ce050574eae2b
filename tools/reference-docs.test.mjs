// The generated references (docs/reference/tools.md, docs/reference/configuration.md) must be what the code gives
// now: the test regenerates them in memory from the built packages and compares. A tool or option added, renamed or
// redescribed fails here until the references are regenerated with `npm run docs:reference` and committed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGENERATE, generateReferences } from './reference-docs.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const generated = await generateReferences();

for (const [path, text] of Object.entries(generated)) {
  it(`${path} matches the tool catalog and configuration schemas`, () => {
    let committed = '';
    try {
      committed = readFileSync(join(root, path), 'utf8');
    } catch {
      assert.fail(`${path} is missing: run ${REGENERATE}, then commit it.`);
    }
    if (committed === text) return;
    const a = committed.split('\n');
    const b = text.split('\n');
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    assert.fail(
      `${path} differs from what the code gives (first at line ${line + 1}):\n  committed: ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'}\n` +
        `A tool, its schema or a configuration option changed: run ${REGENERATE}, review the diff and commit ${path}.`,
    );
  });
}

it('every built-in tool has a section in the tool reference', () => {
  const tools = generated['docs/reference/tools.md'];
  const index = [...tools.matchAll(/^\| \[`([a-z0-9_]+)`\]/gm)].map((match) => match[1]);
  const sections = [...tools.matchAll(/^### ([a-z0-9_]+)$/gm)].map((match) => match[1]);
  assert.ok(index.length >= 29, `${index.length} tools in the index`);
  assert.deepEqual([...sections].sort(), [...index].sort());
});
