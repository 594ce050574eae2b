import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pack } from 'tar-stream';
import { OrcaError, type DockerService } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { collectArtifacts } from './artifact-collector.js';

type TarEntry = { name: string; content?: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string };

function tarOf(entries: TarEntry[]): NodeJS.ReadableStream {
  const archive = pack();
  for (const entry of entries) {
    if (entry.type === 'symlink') archive.entry({ name: entry.name, type: 'symlink', linkname: entry.linkname ?? '/etc/passwd' });
    else if (entry.type === 'directory') archive.entry({ name: entry.name, type: 'directory' });
    else archive.entry({ name: entry.name }, entry.content ?? '');
  }
  archive.finalize();
  return archive.pipe(new PassThrough());
}

/** A Docker service whose archives are crafted by the test, the way a hostile image could craft them. */
function dockerWithArchives(archives: Record<string, TarEntry[]>): DockerService {
  return {
    getArchive: async (_id: string, path: string) => {
      const entries = archives[path];
      if (!entries) throw new OrcaError('NOT_FOUND', `no ${path}`);
      return tarOf(entries);
    },
  } as unknown as DockerService;
}

describe('collectArtifacts', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  const limits = { maxFileBytes: 100, maxTotalBytes: 150 };

  it('stores regular files under their container path with size and sha256', async () => {
    const docker = dockerWithArchives({ '/workspace/out': [{ name: 'out', type: 'directory' }, { name: 'out/a.txt', content: 'hello' }] });
    const result = await collectArtifacts(docker, 'c1', '/workspace', [{ pattern: 'out', path: 'out' }], join(temp.path, 'artifacts'), limits);
    expect(result.artifacts).toEqual([{ path: 'workspace/out/a.txt', size: 5, sha256: createHash('sha256').update('hello').digest('hex'), source: 'out' }]);
    expect(await readFile(join(temp.path, 'artifacts', 'workspace', 'out', 'a.txt'), 'utf8')).toBe('hello');
  });

  it('never writes outside the artifact directory, whatever the archive says', async () => {
    const docker = dockerWithArchives({
      '/evil': [
        { name: '../../../escape.txt', content: 'x' },
        { name: '/abs/escape.txt', content: 'x' },
        { name: 'link', type: 'symlink', linkname: '../../../../etc/passwd' },
        { name: 'link/through.txt', content: 'x' },
        { name: 'ok.txt', content: 'fine' },
      ],
    });
    const result = await collectArtifacts(docker, 'c1', '/', [{ pattern: '/evil', path: '/evil' }], join(temp.path, 'artifacts'), limits);
    // The link itself is never created, so a later entry "through" it is an ordinary file inside the directory.
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(['abs/escape.txt', 'link/through.txt', 'ok.txt']);
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: expect.stringContaining('outside the artifact directory') }),
        expect.objectContaining({ reason: expect.stringContaining('symlink') }),
      ]),
    );
    expect((await readdir(temp.path)).sort()).toEqual(['artifacts']);
  });

  it('enforces the per-file and total limits and reports missing paths', async () => {
    const docker = dockerWithArchives({
      '/w/big': [{ name: 'big', content: 'x'.repeat(101) }],
      '/w/a': [{ name: 'a', content: 'a'.repeat(80) }],
      '/w/b': [{ name: 'b', content: 'b'.repeat(80) }],
    });
    const found = ['big', 'a', 'b', 'missing'].map((path) => ({ pattern: path, path }));
    const result = await collectArtifacts(docker, 'c1', '/w', found, join(temp.path, 'artifacts'), limits);
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(['w/a']);
    expect(result.skipped.map((skip) => skip.reason)).toEqual([
      expect.stringContaining('per-file limit'),
      expect.stringContaining('total artifact limit'),
      expect.stringContaining('not found'),
    ]);
  });
});
