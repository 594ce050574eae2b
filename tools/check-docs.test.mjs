// The guides' quoted code matches the repository, and the check that says so catches drift: run by npm test
// (tools/run-tests.mjs) with node:test, since tools/ is no Nx project and needs no compiler.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDocs, markdownFiles } from './check-docs.mjs';
import { checkDocument, parseIncludes } from './doc-includes.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const GUIDE = join(root, 'docs', 'plugins.md');

let temp;
before(async () => {
  temp = await mkdtemp(join(tmpdir(), 'orcaops-check-docs-'));
  await mkdir(join(temp, 'src'));
  await writeFile(
    join(temp, 'src', 'a.ts'),
    ['export function a() {', '  // #region body', '  if (x) {', '    return 1;', '  }', '  // #region inner', '  return 2;', '  // #endregion inner', '  // #endregion body', '}', ''].join('\n'),
  );
  await writeFile(join(temp, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0', orcaops: { apiVersion: 1, entry: './dist/index.js' } }));
});
after(() => rm(temp, { recursive: true, force: true }));

const check = (markdown, options) => checkDocument(temp, 'doc.md', markdown, options);

test('every guide in the repository quotes the code as it is', async () => {
  const { problems, includes } = await checkDocs(root, await markdownFiles(root));
  assert.deepEqual(problems, [], `run node tools/check-docs.mjs --write and review the guides:\n${problems.join('\n')}`);
  const guide = parseIncludes(await readFile(GUIDE, 'utf8')).includes;
  assert.ok(guide.length >= 20, `docs/plugins.md quotes ${guide.length} blocks`);
  assert.ok(includes >= guide.length);
});

test('a drifted copy of the plugin guide fails, naming the line, and --write restores it', async () => {
  const original = await readFile(GUIDE, 'utf8');
  const { lines, includes } = parseIncludes(original);
  const target = includes.find((include) => include.target.endsWith('#options'));
  const changed = lines.findIndex((line, index) => index > target.block.open && line.includes('.max(50)'));
  lines[changed] = lines[changed].replace('.max(50)', '.max(5000)');
  const drifted = lines.join('\n');
  assert.notEqual(drifted, original);

  const result = await checkDocument(root, 'docs/plugins.md', drifted);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0], new RegExp(`^docs/plugins\\.md:${target.line + 1}: include examples/plugin-images/src/options\\.ts#options: .*line ${changed - target.block.open}: the code has ".*\\.max\\(50\\)", the block ".*\\.max\\(5000\\)"`));
  const rewritten = await checkDocument(root, 'docs/plugins.md', drifted, { write: true });
  assert.deepEqual([rewritten.problems, rewritten.rewritten, rewritten.text], [[], 1, original]);
});

test('a block equals its region after the same indentation is removed from both, nested markers left out', async () => {
  const markdown = ['# Doc', '<!-- include: src/a.ts#body -->', '```ts', 'if (x) {', '  return 1;', '}', 'return 2;', '```', ''].join('\n');
  assert.deepEqual((await check(markdown)).problems, []);
  const indented = markdown.replace('return 2;', '  return 2;');
  assert.match((await check(indented)).problems[0], /^doc\.md:2: include src\/a\.ts#body: .*line 4/);
});

test('a missing file, region, key or block, an unclosed block and a path out of the repository are problems', async () => {
  const problems = async (target, after = ['```', 'x', '```']) => (await check([`<!-- include: ${target} -->`, ...after].join('\n'))).problems;
  assert.match((await problems('src/missing.ts#body'))[0], /there is no file src\/missing\.ts/);
  assert.match((await problems('src/a.ts#nope'))[0], /src\/a\.ts has no region nope \(it has inner, body\)/);
  assert.match((await problems('package.json#name,files'))[0], /package\.json has no top-level "files"/);
  assert.match((await problems('src/a.ts#body', ['', '```', 'x', '```']))[0], /no fenced block follows it/);
  assert.match((await problems('src/a.ts#body', ['```ts', 'if (x) {']))[0], /the fenced block opened on line 2 is never closed/);
  assert.match((await problems('../outside.ts#body'))[0], /is not a file inside the repository/);
});

test('region markers must pair up in the quoted file', async () => {
  for (const [source, message] of [
    [['// #region a', 'x'], /region a is never closed/],
    [['x', '// #endregion a'], /#endregion a has no #region before it/],
    [['// #region a', '// #endregion a', '// #region a', '// #endregion a'], /region a is declared twice/],
    [['// #region a', '// #endregion'], /#endregion must name its region/],
  ]) {
    await writeFile(join(temp, 'src', 'bad.ts'), source.join('\n'));
    const { problems } = await check(['<!-- include: src/bad.ts#a -->', '```', 'x', '```'].join('\n'));
    assert.match(problems[0] ?? '', message);
  }
});

test('--write fills in a missing block, keeps a fence\'s indentation, and quotes JSON keys as JSON', async () => {
  const markdown = ['<!-- include: src/a.ts#inner -->', '', '- item', '  <!-- include: package.json#name,orcaops -->', '  ```json', '  {}', '  ```', ''].join('\n');
  const written = await check(markdown, { write: true });
  assert.deepEqual(written.problems, []);
  assert.equal(
    written.text,
    ['<!-- include: src/a.ts#inner -->', '```ts', 'return 2;', '```', '', '- item', '  <!-- include: package.json#name,orcaops -->', '  ```json', '  {', '    "name": "x",', '    "orcaops": {', '      "apiVersion": 1,', '      "entry": "./dist/index.js"', '    }', '  }', '  ```', ''].join('\n'),
  );
  assert.deepEqual((await check(written.text)).problems, []);
});

test('marker lines inside fenced blocks are text, not includes', () => {
  const { includes } = parseIncludes(['````md', '<!-- include: src/a.ts#body -->', '```', '````', ''].join('\n'));
  assert.deepEqual(includes, []);
});
