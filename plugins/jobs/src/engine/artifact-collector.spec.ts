import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pack } from 'tar-stream';
import { OrcaError, type DockerService } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { collectArtifacts, type StagedArtifacts } from './artifact-collector.js';

type TarEntry = { name: string; content?: string; type?: 'file' | 'symlink' | 'directory' | 'link'; linkname?: string };
type Record4 = [kind: string, pattern: number, n: number, path: string];

const STAGING = '/.orcaops/n0nce/artifacts';

function tarOf(entries: TarEntry[], finalize = true): NodeJS.ReadableStream {
  const archive = pack();
  for (const entry of entries) {
    if (entry.type === 'symlink') archive.entry({ name: entry.name, type: 'symlink', linkname: entry.linkname ?? '/etc/passwd' });
    else if (entry.type === 'link') archive.entry({ name: entry.name, type: 'link', linkname: entry.linkname! });
    else if (entry.type === 'directory') archive.entry({ name: entry.name, type: 'directory' });
    else archive.entry({ name: entry.name }, entry.content ?? '');
  }
  if (finalize) archive.finalize();
  return archive.pipe(new PassThrough());
}

const manifestOf = (records: Record4[]) => records.map((record) => record.join('\0') + '\0').join('');

/**
 * A Docker service serving a staging directory crafted by the test, the way a hostile job could craft it: the
 * manifest, and the `files` archive (entries `files/<n>`). Counts archive requests.
 */
function dockerWithStaging(records: Record4[], files: TarEntry[], options: { finalize?: boolean } = {}) {
  const calls: string[] = [];
  const docker = {
    getArchive: async (_id: string, path: string) => {
      calls.push(path);
      if (path === `${STAGING}/manifest`) return tarOf([{ name: 'manifest', content: manifestOf(records) }]);
      if (path === `${STAGING}/files`) return tarOf([{ name: 'files', type: 'directory' }, ...files], options.finalize ?? true);
      throw new OrcaError('NOT_FOUND', `no ${path}`);
    },
  } as unknown as DockerService;
  return { docker, calls };
}

const staged = (workdir: string, patterns: string[]): StagedArtifacts => ({ containerId: 'c1', workdir, stagingDir: STAGING, patterns });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('collectArtifacts', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dest: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    dest = join(temp.path, 'artifacts');
  });
  afterEach(() => temp.remove());

  const limits = { maxFileBytes: 100, maxTotalBytes: 150, maxCount: 1000 };

  it('stores regular files under their container path with size and sha256, with two archive requests for any number', async () => {
    const records: Record4[] = [[ 'f', 0, 1, 'out/a.txt' ], ...Array.from({ length: 50 }, (_, i): Record4 => ['f', 1, i + 2, `/data/f${i}`])];
    const files = [{ name: 'files/1', content: 'hello' }, ...Array.from({ length: 50 }, (_, i) => ({ name: `files/${i + 2}`, content: `${i}` }))];
    const { docker, calls } = dockerWithStaging(records, files);
    const result = await collectArtifacts(docker, staged('/workspace', ['out', '/data/*']), dest, { ...limits, maxTotalBytes: 1000 });
    expect(result.artifacts[0]).toEqual({ path: 'workspace/out/a.txt', size: 5, sha256: sha256('hello'), source: 'out' });
    expect(result.artifacts).toHaveLength(51);
    expect(result.skipped).toEqual([]);
    expect(calls).toEqual([`${STAGING}/manifest`, `${STAGING}/files`]);
    expect(await readFile(join(dest, 'workspace', 'out', 'a.txt'), 'utf8')).toBe('hello');
    expect(await readFile(join(dest, 'data', 'f49'), 'utf8')).toBe('49');
  });

  it('never writes outside the artifact directory and never writes links, whatever the manifest and archive say', async () => {
    const records: Record4[] = [
      ['f', 0, 1, '../../../escape.txt'],
      ['f', 0, 2, '/abs/escape.txt'],
      ['l', 0, 0, 'link'],
      ['f', 0, 3, 'sneaky'],
      ['f', 0, 4, 'ok.txt'],
      ['f', 0, 5, 'ok.txt'],
    ];
    const { docker } = dockerWithStaging(records, [
      { name: 'files/1', content: 'x' },
      { name: 'files/2', content: 'x' },
      { name: 'files/3', type: 'symlink', linkname: '/etc/passwd' },
      { name: '../../outside', content: 'x' },
      { name: 'files/4', content: 'fine' },
      { name: 'files/5', content: 'duplicate' },
    ]);
    const result = await collectArtifacts(docker, staged('/', ['evil']), dest, limits);
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(['escape.txt', 'abs/escape.txt', 'ok.txt']);
    expect(await readFile(join(dest, 'ok.txt'), 'utf8')).toBe('fine');
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { pattern: 'evil', reason: 'link: symlink entries are not collected' },
        { pattern: 'evil', reason: 'sneaky: symlink entries are not collected' },
      ]),
    );
    expect((await readdir(temp.path)).sort()).toEqual(['artifacts']);
  });

  it('copies a hard link entry from the file it links to', async () => {
    const { docker } = dockerWithStaging(
      [['f', 0, 1, 'a'], ['f', 0, 2, 'b']],
      [{ name: 'files/1', content: 'same' }, { name: 'files/2', type: 'link', linkname: 'files/1' }],
    );
    const result = await collectArtifacts(docker, staged('/w', ['*']), dest, limits);
    expect(result.artifacts).toEqual([
      { path: 'w/a', size: 4, sha256: sha256('same'), source: '*' },
      { path: 'w/b', size: 4, sha256: sha256('same'), source: '*' },
    ]);
    expect(await readFile(join(dest, 'w', 'b'), 'utf8')).toBe('same');
  });

  it('enforces the per-file, total and count limits and reports patterns that matched nothing', async () => {
    const { docker } = dockerWithStaging(
      [['f', 0, 1, 'big'], ['f', 1, 2, 'a'], ['f', 2, 3, 'b'], ['f', 4, 4, 'c'], ['m', 4, 0, 'd']],
      [{ name: 'files/1', content: 'x'.repeat(101) }, { name: 'files/2', content: 'a'.repeat(80) }, { name: 'files/3', content: 'b'.repeat(80) }, { name: 'files/4', content: 'c' }],
    );
    const result = await collectArtifacts(docker, staged('/w', ['big', 'a', 'b', 'missing', 'many/*', 'later']), dest, { ...limits, maxCount: 3 });
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(['w/a']);
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { pattern: 'big', reason: expect.stringContaining('per-file limit') },
        { pattern: 'b', reason: expect.stringContaining('total artifact limit') },
        { pattern: 'many/*', reason: expect.stringContaining('max_artifacts') },
        { pattern: 'missing', reason: 'no match' },
        { pattern: 'later', reason: expect.stringContaining('not looked at') },
      ]),
    );
  });

  it('collects again over a partial earlier collection: every artifact once, none lost, no EEXIST', async () => {
    const records = Array.from({ length: 30 }, (_, i): Record4 => ['f', 0, i + 1, `out/f${i}`]);
    const files = Array.from({ length: 30 }, (_, i) => ({ name: `files/${i + 1}`, content: `content ${i}` }));
    // What a process killed while collecting leaves: some files in place, a half-written one, a stale work dir.
    await mkdir(join(dest, 'w', 'out'), { recursive: true });
    for (let i = 0; i < 10; i++) await writeFile(join(dest, 'w', 'out', `f${i}`), i === 9 ? 'half' : `content ${i}`);
    await mkdir(join(`${dest}.collecting`, 'w', 'out'), { recursive: true });
    await writeFile(join(`${dest}.collecting`, 'w', 'out', 'f12'), 'stale');
    const { docker } = dockerWithStaging(records, files);
    const result = await collectArtifacts(docker, staged('/w', ['out/*']), dest, { ...limits, maxTotalBytes: 10_000 });
    expect(result.skipped).toEqual([]);
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(records.map((record) => `w/${record[3]}`));
    expect((await readdir(join(dest, 'w', 'out'))).length).toBe(30);
    expect(await readFile(join(dest, 'w', 'out', 'f9'), 'utf8')).toBe('content 9');
    expect(await readFile(join(dest, 'w', 'out', 'f12'), 'utf8')).toBe('content 12');
    expect(await readdir(temp.path)).toEqual(['artifacts']);
  });

  it('stops when the signal aborts: files written so far are recorded, the rest reported, the directory matches the record', async () => {
    const records = Array.from({ length: 5 }, (_, i): Record4 => ['f', 0, i + 1, `f${i}`]);
    // The archive delivers two files and then stalls, as a slow engine would.
    const { docker } = dockerWithStaging(records, [{ name: 'files/1', content: 'one' }, { name: 'files/2', content: 'two' }], { finalize: false });
    const controller = new AbortController();
    const collecting = collectArtifacts(docker, staged('/w', ['f*']), dest, limits, controller.signal);
    const second = join(`${dest}.collecting`, 'w', 'f1');
    while (!(await readFile(second, 'utf8').then((text) => text === 'two', () => false))) await new Promise((resolve) => setImmediate(resolve));
    controller.abort('the job was cancelled');
    const result = await collecting;
    expect(result.stopped).toBe(true);
    expect(result.artifacts.map((artifact) => artifact.path)).toEqual(['w/f0', 'w/f1']);
    expect(result.skipped).toEqual([{ pattern: 'f*', reason: 'collection stopped: the job was cancelled; 3 matched files not collected' }]);
    expect((await readdir(join(dest, 'w'))).sort()).toEqual(['f0', 'f1']);
  });
});
