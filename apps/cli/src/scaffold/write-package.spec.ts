import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '@orcaops/testing';
import { writePackage } from './write-package.js';

const FILES = [
  { path: 'package.json', content: '{"name":"x"}\n' },
  { path: 'src/index.ts', content: 'export default {};\n' },
];

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir('orcaops-write-package-');
});
afterEach(() => dir.remove());

const read = (...path: string[]) => readFileSync(join(dir.path, ...path), 'utf8');

describe('writePackage', () => {
  it('creates the directory and its parents, and leaves no staging directory beside it', async () => {
    expect(await writePackage(join(dir.path, 'a', 'pkg'), FILES)).toEqual({ ok: true, merged: false });
    expect(read('a', 'pkg', 'src', 'index.ts')).toBe('export default {};\n');
    expect(readdirSync(join(dir.path, 'a'))).toEqual(['pkg']);
  });

  it('writes into an empty directory', async () => {
    mkdirSync(join(dir.path, 'pkg'));
    expect(await writePackage(join(dir.path, 'pkg'), FILES)).toEqual({ ok: true, merged: false });
    expect(readdirSync(join(dir.path, 'pkg')).sort()).toEqual(['package.json', 'src']);
  });

  it('refuses a non-empty directory and a file, touching neither', async () => {
    mkdirSync(join(dir.path, 'pkg'));
    writeFileSync(join(dir.path, 'pkg', 'package.json'), 'mine');
    writeFileSync(join(dir.path, 'file'), 'mine');
    const refused = await writePackage(join(dir.path, 'pkg'), FILES);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('is not empty. Choose another --dir, or add --force') });
    expect(await writePackage(join(dir.path, 'file'), FILES)).toEqual({ ok: false, message: expect.stringContaining('exists and is not a directory') });
    expect(read('pkg', 'package.json')).toBe('mine');
    expect(read('file')).toBe('mine');
    expect(readdirSync(dir.path).sort()).toEqual(['file', 'pkg']);
  });

  it('with force, replaces the files of the same names and keeps the others', async () => {
    mkdirSync(join(dir.path, 'pkg', '.git'), { recursive: true });
    writeFileSync(join(dir.path, 'pkg', 'package.json'), 'old');
    writeFileSync(join(dir.path, 'pkg', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(await writePackage(join(dir.path, 'pkg'), FILES, { force: true })).toEqual({ ok: true, merged: true });
    expect(read('pkg', 'package.json')).toBe('{"name":"x"}\n');
    expect(read('pkg', 'src', 'index.ts')).toBe('export default {};\n');
    expect(read('pkg', '.git', 'HEAD')).toBe('ref: refs/heads/main\n');
    expect(readdirSync(dir.path)).toEqual(['pkg']);
  });

  it('leaves nothing behind when a write fails part-way', async () => {
    const broken = [...FILES, { path: 'src/bad\0name.ts', content: '' }];
    await expect(writePackage(join(dir.path, 'pkg'), broken)).rejects.toThrow();
    expect(existsSync(join(dir.path, 'pkg'))).toBe(false);
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
