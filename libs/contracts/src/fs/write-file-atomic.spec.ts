import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orcaops-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates parent directories and replaces existing content, leaving no temporary files', async () => {
    const target = join(dir, 'a', 'b', 'record.json');
    await writeFileAtomic(target, '{"v":1}');
    await writeFileAtomic(target, '{"v":2}');
    expect(await readFile(target, 'utf8')).toBe('{"v":2}');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['record.json']);
  });

  it('keeps the old content and cleans up when the write fails', async () => {
    const target = join(dir, 'record.json');
    await writeFile(target, 'old');
    await expect(writeFileAtomic(join(target, 'impossible'), 'x')).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('never exposes a torn file to concurrent writers and readers', async () => {
    const target = join(dir, 'shared.json');
    const payloads = Array.from({ length: 20 }, (_, i) => JSON.stringify({ writer: i, fill: 'x'.repeat(50_000) }));
    const reads: string[] = [];
    await Promise.all([
      ...payloads.map((payload) => writeFileAtomic(target, payload)),
      ...Array.from({ length: 20 }, async () => {
        reads.push(await readFile(target, 'utf8').catch(() => 'missing'));
      }),
    ]);
    for (const content of reads.filter((read) => read !== 'missing')) expect(payloads).toContain(content);
    expect(payloads).toContain(await readFile(target, 'utf8'));
    expect(await readdir(dir)).toEqual(['shared.json']);
  });
});
