import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { makeTempDir } from '@orcaops/testing';
import { contextPath, packDirectory } from './build-context.js';

interface Listed {
  name: string;
  type: string;
  linkname?: string;
  uid?: number;
  content: string;
}

async function list(tar: Readable): Promise<Listed[]> {
  const entries: Listed[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      entries.push({ name: header.name, type: header.type ?? 'file', ...(header.linkname ? { linkname: header.linkname } : {}), uid: header.uid ?? 0, content: Buffer.concat(chunks).toString() });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => reader.on('finish', resolve).on('error', reject));
  tar.pipe(reader);
  await done;
  return entries;
}

describe('packDirectory', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('orcaops-context-');
  });
  afterAll(() => temp.remove());

  async function tree(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(temp.path, name);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  it('sends what .dockerignore keeps (exceptions included), always the Dockerfile and .dockerignore, owned by root', async () => {
    const dir = await tree('ignore', {
      'build/Dockerfile': 'FROM x',
      '.dockerignore': 'build\nnode_modules\n*.log\n!keep.log\n.dockerignore\n',
      'src/app.js': 'app',
      'node_modules/dep/index.js': 'dep',
      'debug.log': 'noise',
      'keep.log': 'kept',
    });
    const packed = await packDirectory(dir, 'build/Dockerfile', undefined, undefined);
    const entries = await list(packed.tar);
    expect(entries.map((entry) => entry.name).sort()).toEqual(['.dockerignore', 'build/Dockerfile', 'keep.log', 'src', 'src/app.js']);
    expect(entries.every((entry) => entry.uid === 0)).toBe(true);
    expect(entries.find((entry) => entry.name === 'src/app.js')).toMatchObject({ type: 'file', content: 'app' });
    expect(packed.bytes).toBe(['FROM x', 'app', 'kept', 'build\nnode_modules\n*.log\n!keep.log\n.dockerignore\n'].join('').length);
    expect(packed.failure()).toBeNull();
  });

  it('sends symbolic links as links, never what they point to, and skips nothing else', async () => {
    const dir = await tree('links', { Dockerfile: 'FROM x', 'data/file.txt': 'data' });
    await symlink('/etc/passwd', join(dir, 'passwd'));
    await symlink('../..', join(dir, 'data', 'up'));
    const entries = await list((await packDirectory(dir, 'Dockerfile', undefined, undefined)).tar);
    expect(entries.find((entry) => entry.name === 'passwd')).toEqual({ name: 'passwd', type: 'symlink', linkname: '/etc/passwd', uid: 0, content: '' });
    expect(entries.find((entry) => entry.name === 'data/up')).toMatchObject({ type: 'symlink', linkname: '../..' });
    expect(entries.map((entry) => entry.name).sort()).toEqual(['Dockerfile', 'data', 'data/file.txt', 'data/up', 'passwd']);
  });

  it('refuses a context over the limit, a Dockerfile outside it or missing, and a missing directory', async () => {
    const dir = await tree('limits', { Dockerfile: 'FROM x', 'big.bin': 'x'.repeat(1000) });
    await expect(packDirectory(dir, 'Dockerfile', 1000, undefined)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { bytes: 1006, limit: 1000 } });
    await expect(packDirectory(dir, '../Dockerfile', undefined, undefined)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('inside the build context') });
    await expect(packDirectory(dir, '/etc/Dockerfile', undefined, undefined)).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(packDirectory(dir, 'Nope', undefined, undefined)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('no Dockerfile Nope') });
    await expect(packDirectory(join(dir, 'missing'), 'Dockerfile', undefined, undefined)).rejects.toMatchObject({ code: 'DIR_NOT_FOUND' });
    await expect(packDirectory(join(dir, 'big.bin'), 'Dockerfile', undefined, undefined)).rejects.toMatchObject({ code: 'DIR_NOT_FOUND' });
  });

  it('stops walking when the signal has fired', async () => {
    const dir = await tree('abort', { Dockerfile: 'FROM x' });
    const controller = new AbortController();
    controller.abort();
    await expect(packDirectory(dir, 'Dockerfile', undefined, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('contextPath', () => {
  it('normalises a path inside the context and refuses one that is absolute or leaves it', () => {
    expect(contextPath('Dockerfile')).toBe('Dockerfile');
    expect(contextPath('./docker/../build/Dockerfile')).toBe('build/Dockerfile');
    expect(contextPath('a\\b')).toBe('a/b');
    for (const bad of ['', '.', '..', '../x', 'a/../../x', '/abs', 'a\0b']) expect(contextPath(bad)).toBeNull();
  });
});
