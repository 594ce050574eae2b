// Code quoted in the guides comes from real files, so it cannot drift from them unnoticed. A Markdown line
//   <!-- include: examples/plugin-images/src/options.ts#options -->
// must be followed, on the next line, by a fenced block equal to that region of the file: the lines between
// `// #region options` and `// #endregion options` (marker lines of regions nested inside are left out). Both sides
// are compared after the same normalisation: common leading indentation removed, trailing spaces and blank edge
// lines dropped. A JSON file cannot hold comments, so `package.json#name,orcaops` quotes those top-level keys, as
// JSON.stringify(…, null, 2) prints them. Without `#…` the whole file is quoted. Paths are relative to the
// repository root.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** A line that is nothing but an include marker. */
export const INCLUDE_MARKER = /^\s*<!--\s*include:\s*(\S+?)\s*-->\s*$/;

const REGION_START = /^\s*(?:\/\/|#|\/\*|<!--)\s*#region\s+(\S+)/;
const REGION_END = /^\s*(?:\/\/|#|\/\*|<!--)\s*#endregion(?:\s+(\S+))?/;
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})(.*)$/;
const LANGUAGES = { '.ts': 'ts', '.tsx': 'tsx', '.mjs': 'js', '.js': 'js', '.json': 'json', '.sh': 'sh', '.yml': 'yaml', '.yaml': 'yaml' };

/** Why an include cannot be resolved (missing file, region or key). */
export class IncludeError extends Error {
  name = 'IncludeError';
}

/**
 * The include markers of a Markdown text, outside fenced blocks, each with the fenced block on the next line (or
 * null when that line opens none). Line numbers are 0-based indices into `lines`.
 */
export function parseIncludes(markdown) {
  const lines = markdown.split('\n');
  const includes = [];
  let fence = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const marker = INCLUDE_MARKER.exec(line);
    if (marker) {
      const block = blockAfter(lines, index + 1);
      includes.push({ line: index, target: marker[1], block });
      if (block) index = block.close ?? lines.length;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) fence = open[2];
  }
  return { lines, includes };
}

/** The fenced block opening on the line right after a marker: one further down may be another block of the guide. */
function blockAfter(lines, index) {
  const open = FENCE_OPEN.exec(lines[index] ?? '');
  if (!open) return null;
  let close = index + 1;
  while (close < lines.length && !closesFence(lines[close], open[2])) close++;
  return { open: index, close: close < lines.length ? close : null, indent: open[1], fence: open[2], info: open[3].trim() };
}

function closesFence(line, fence) {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === fence[0].repeat(trimmed.length);
}

/** The lines a target (`path`, `path#region` or `file.json#key,key`) quotes. */
export async function readTarget(root, target) {
  const hash = target.indexOf('#');
  const path = hash === -1 ? target : target.slice(0, hash);
  const fragment = hash === -1 ? null : target.slice(hash + 1);
  const file = resolve(root, path);
  const inside = relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw new IncludeError(`${path} is not a file inside the repository`);
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new IncludeError(`there is no file ${path}`);
  }
  if (fragment === null) return text.split('\n');
  if (extname(path) === '.json') return jsonKeys(text, path, fragment);
  return region(text.split('\n'), path, fragment);
}

function jsonKeys(text, path, fragment) {
  const value = JSON.parse(text);
  const keys = fragment.split(',').map((key) => key.trim());
  const missing = keys.filter((key) => !Object.hasOwn(value, key));
  if (missing.length > 0) throw new IncludeError(`${path} has no top-level ${missing.map((key) => JSON.stringify(key)).join(', ')}`);
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, value[key]])), null, 2).split('\n');
}

/** The lines of one region; the file's region markers must pair up, so a typo in any of them is found. */
function region(lines, path, name) {
  const open = new Map();
  const found = new Map();
  lines.forEach((line, index) => {
    const start = REGION_START.exec(line);
    if (start) {
      if (open.has(start[1]) || found.has(start[1])) throw new IncludeError(`${path}:${index + 1}: region ${start[1]} is declared twice`);
      open.set(start[1], index);
      return;
    }
    const end = REGION_END.exec(line);
    if (!end) return;
    if (!end[1]) throw new IncludeError(`${path}:${index + 1}: #endregion must name its region`);
    if (!open.has(end[1])) throw new IncludeError(`${path}:${index + 1}: #endregion ${end[1]} has no #region before it`);
    found.set(end[1], [open.get(end[1]), index]);
    open.delete(end[1]);
  });
  const [unclosed] = open.keys();
  if (unclosed !== undefined) throw new IncludeError(`${path}:${open.get(unclosed) + 1}: region ${unclosed} is never closed`);
  const range = found.get(name);
  if (!range) throw new IncludeError(`${path} has no region ${name} (it has ${[...found.keys()].join(', ') || 'none'})`);
  return lines.slice(range[0] + 1, range[1]).filter((line) => !REGION_START.test(line) && !REGION_END.test(line));
}

/** Lines as they are compared: trailing spaces and blank first and last lines dropped, common indentation removed. */
export function normalise(lines) {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.length > 0 && trimmed[0] === '') trimmed.shift();
  while (trimmed.length > 0 && trimmed.at(-1) === '') trimmed.pop();
  const indents = trimmed.filter((line) => line !== '').map((line) => /^\s*/.exec(line)[0]);
  const common = indents.reduce((prefix, indent) => {
    let length = 0;
    while (length < prefix.length && prefix[length] === indent[length]) length++;
    return prefix.slice(0, length);
  }, indents[0] ?? '');
  return trimmed.map((line) => line.slice(common.length));
}

/**
 * Checks every include of one Markdown document (`name` is how problems refer to it) and, with `write`, rewrites
 * the blocks that differ or are missing. Returns the problems left and the text (rewritten or not).
 */
export async function checkDocument(root, name, markdown, { write = false } = {}) {
  const { lines, includes } = parseIncludes(markdown);
  const problems = [];
  const edits = [];
  for (const include of includes) {
    const where = `${name}:${include.line + 1}: include ${include.target}`;
    let quoted;
    try {
      quoted = normalise(await readTarget(root, include.target));
    } catch (error) {
      if (!(error instanceof IncludeError) && !(error instanceof SyntaxError)) throw error;
      problems.push(`${where}: ${error.message}`);
      continue;
    }
    const { block } = include;
    if (block && block.close === null) {
      problems.push(`${where}: the fenced block opened on line ${block.open + 1} is never closed`);
      continue;
    }
    const shown = block ? normalise(lines.slice(block.open + 1, block.close)) : null;
    const difference = shown === null ? 'no fenced block follows it' : firstDifference(quoted, shown);
    if (difference === null) continue;
    if (!write) {
      problems.push(`${where}: ${difference}`);
      continue;
    }
    const indent = block?.indent ?? '';
    const body = quoted.map((line) => (line === '' ? '' : indent + line));
    edits.push(
      block
        ? { from: block.open + 1, to: block.close, lines: body }
        : { from: include.line + 1, to: include.line + 1, lines: ['```' + (LANGUAGES[extname(include.target.split('#')[0])] ?? ''), ...body, '```'] },
    );
  }
  for (const edit of edits.reverse()) lines.splice(edit.from, edit.to - edit.from, ...edit.lines);
  return { problems, includes: includes.length, rewritten: edits.length, text: lines.join('\n') };
}

function firstDifference(expected, actual) {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    if (expected[index] === actual[index]) continue;
    const show = (line) => (line === undefined ? '(nothing)' : JSON.stringify(line.length > 100 ? `${line.slice(0, 100)}…` : line));
    return `the block differs from the code at its line ${index + 1}: the code has ${show(expected[index])}, the block ${show(actual[index])}`;
  }
  return null;
}
