import { mkdir, mkdtemp, rm, truncate, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { JobSpecSchema } from '@orcaops/contracts';
import { buildInputArchive } from './input-archive.js';

/** The names and contents in an input archive, read back with the same tar library. */
async function readArchive(archive: Readable): Promise<Map<string, string>> {
  const { extract } = await import('tar-stream');
  const files = new Map<string, string>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      files.set(header.name, Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    archive.on('error', reject);
    archive.pipe(reader);
  });
  return files;
}

describe('buildInputArchive', () => {
  let root: string;
  let project: string;
  let home: string;
  const spec = (source: string) => JobSpecSchema.parse({ image: 'x', commands: ['true'], inputs: { directories: [{ source, target: '.' }] } });
  const build = (source: string) => buildInputArchive(spec(source), 'script', ['true'], { allowedRoots: [root], maxBytes: 1_000_000, neverCopied: [home] }, '/orcaops-runner-test');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'orcaops-inputs-'));
    project = join(root, 'project');
    home = join(project, '.orcaops');
    await mkdir(join(home, 'secrets'), { recursive: true });
    await writeFile(join(home, 'secrets', 'token'), 'secret-value');
    await writeFile(join(project, 'a.txt'), 'hello');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("leaves OrcaOps's own state directory out of a directory that contains it, and refuses to copy from inside it", async () => {
    const files = await readArchive(await build(project));
    expect(files.get('workspace/a.txt')).toBe('hello');
    expect([...files.keys()].filter((name) => name.includes('.orcaops'))).toEqual([]);
    await expect(build(join(home, 'secrets'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining("OrcaOps's own state") });
  });

  it('copies a file that grows while the archive is read as large as it was listed', async () => {
    const archive = await build(project);
    await appendFile(join(project, 'a.txt'), ' and more written since');
    expect((await readArchive(archive)).get('workspace/a.txt')).toBe('hello');
  });

  it('fails, naming the file, when a file shrinks while the archive is read (instead of stalling the copy)', async () => {
    const archive = await build(project);
    await truncate(join(project, 'a.txt'), 2);
    await expect(readArchive(archive)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('a.txt changed while it was being copied') });
  });
});
