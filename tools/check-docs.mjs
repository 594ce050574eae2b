#!/usr/bin/env node
// Checks that the code quoted in the Markdown guides is the code in the repository (see doc-includes.mjs), and with
// --write rewrites the quoted blocks from the code, so updating a guide after a code change is one command:
//   node tools/check-docs.mjs [--write] [file.md ...]      (default: every Markdown file in the repository)
// Exit 0 when every include matches (after --write: when every include could be written), 1 otherwise, 2 for usage.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocument } from './doc-includes.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** Directories that hold no guides: dependencies, build output, tool state. */
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'tmp']);

/** Every Markdown file under `dir`, skipping dot-directories and {@link SKIPPED}. */
export async function markdownFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name)) found.push(...(await markdownFiles(join(dir, entry.name))));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(join(dir, entry.name));
  }
  return found.sort();
}

/** Checks (or rewrites) `files`, quoting code from `base`; returns the problems, each `file:line: …`. */
export async function checkDocs(base, files, { write = false } = {}) {
  const problems = [];
  let includes = 0;
  for (const file of files) {
    const name = relative(base, file);
    const markdown = await readFile(file, 'utf8');
    const result = await checkDocument(base, name, markdown, { write });
    includes += result.includes;
    problems.push(...result.problems);
    if (write && result.text !== markdown) {
      await writeFile(file, result.text);
      process.stdout.write(`${name}: rewrote ${result.rewritten} block${result.rewritten === 1 ? '' : 's'}\n`);
    }
  }
  return { problems, includes };
}

async function main(argv) {
  const write = argv.includes('--write');
  const unknown = argv.filter((arg) => arg.startsWith('-') && arg !== '--write');
  if (unknown.length > 0) {
    process.stderr.write(`check-docs: unknown option ${unknown[0]}; usage: node tools/check-docs.mjs [--write] [file.md ...]\n`);
    return 2;
  }
  const named = argv.filter((arg) => !arg.startsWith('-')).map((arg) => resolve(arg));
  const files = named.length > 0 ? named : await markdownFiles(root);
  const { problems, includes } = await checkDocs(root, files, { write });
  for (const problem of problems) process.stdout.write(`${problem}\n`);
  if (problems.length > 0) {
    if (!write) process.stdout.write('A guide quotes code that changed: run node tools/check-docs.mjs --write, then review the guide around those lines.\n');
    return 1;
  }
  process.stdout.write(`${includes} quoted block${includes === 1 ? '' : 's'} match the code (${files.length} Markdown files)\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
