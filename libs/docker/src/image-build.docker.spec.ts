import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import type { BuildProgress } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, freePort, makeTempDir, requireDocker, silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

/**
 * Every Dockerfile here starts with a LABEL carrying the scope's run id, so that the intermediate containers and
 * images of the classic builder carry it too and `scope.cleanup()` finds whatever a failed or cancelled build left.
 */
describe('DockerodeService image listing, removal, pruning and builds against the real engine', () => {
  const scope = new DockerTestScope();
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  const ours = { [TEST_RUN_LABEL]: scope.runId };
  const repo = `orcaops-test/image-ops-${scope.runId.slice(0, 8)}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir('orcaops-build-');
  });
  afterAll(async () => {
    await scope.cleanup();
    // Tags this file gave to images that cleanup removed already are gone; any left are removed here.
    const left = await dockerCli(['images', '-q', '--filter', `reference=${repo}`]);
    if (left) await dockerCli(['rmi', '-f', ...new Set(left.split('\n'))]);
    await temp?.remove();
  });

  async function context(name: string, dockerfile: string, files: Record<string, string> = {}): Promise<string> {
    const dir = join(temp.path, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nLABEL ${TEST_RUN_LABEL}=${scope.runId}\n${dockerfile}`);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  it('builds from a directory, honouring .dockerignore and sending links as links, with progress per step', async () => {
    const dir = await context('ok', 'COPY . /ctx\nRUN find /ctx | sort && cat /ctx/kept/file.txt\n', {
      '.dockerignore': 'secret\nkept/*.log\n',
      'secret/key': 'do not send',
      'kept/file.txt': 'hello from the context',
      'kept/noise.log': 'left out',
    });
    await symlink('/etc/hostname', join(dir, 'link-out'));
    const events: BuildProgress[] = [];
    const result = await docker.buildImage({ directory: dir }, { tags: [`${repo}:ok`], labels: ours, onProgress: (event) => events.push(event) });
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.tags).toEqual([`${repo}:ok`]);
    expect(result.contextBytes).toBeGreaterThan(0);
    expect(await dockerCli(['image', 'inspect', '--format', '{{.Id}}', `${repo}:ok`])).toBe(result.imageId);
    const output = events.map((event) => event.output ?? '').join('');
    expect(output).toContain('hello from the context');
    expect(output).toContain('/ctx/link-out');
    expect(output).not.toContain('/ctx/secret');
    expect(output).not.toContain('noise.log');
    // FROM, LABEL, COPY, RUN and the label option (added as a last step).
    expect(events.flatMap((event) => (event.step ? [event.step] : []))).toEqual([1, 2, 3, 4, 5].map((current) => ({ current, total: 5 })));
    // The link was sent as a link (the builder copies it as one), not as the host file it points to.
    const listed = await dockerCli(['run', '--rm', '--label', `${TEST_RUN_LABEL}=${scope.runId}`, `${repo}:ok`, 'readlink', '/ctx/link-out']);
    expect(listed).toBe('/etc/hostname');
  });

  it('lists images with their tags, dangling state and the containers that use them; removal refuses one in use', async () => {
    await docker.buildImage({ directory: await context('used', 'RUN echo used > /used\n') }, { tags: [`${repo}:used`], labels: ours });
    const container = await dockerCli(['create', '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--name', `image-user-${scope.runId.slice(0, 8)}`, `${repo}:used`, 'true']);
    const [image] = await docker.listImages({ reference: `${repo}:used` });
    expect(image).toMatchObject({ tags: [`${repo}:used`], dangling: false, labels: ours, containers: [{ id: container, name: `image-user-${scope.runId.slice(0, 8)}`, state: 'created' }] });
    expect(image!.sizeBytes).toBeGreaterThan(0);
    expect(Date.parse(image!.createdAt)).toBeGreaterThan(Date.now() - 10 * 60_000);

    await expect(docker.removeImage(`${repo}:used`)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(container.slice(0, 12)) });
    await dockerCli(['rm', container]);
    const removed = await docker.removeImage(`${repo}:used`);
    expect(removed.untagged).toEqual([`${repo}:used`]);
    expect(removed.deleted).toContain(image!.id);
    await expect(docker.removeImage(`${repo}:used`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    await expect(docker.removeImage('../containers/x')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('prunes only dangling images carrying the labels given', async () => {
    const first = await docker.buildImage({ directory: await context('prune-a', 'RUN echo a > /a\n') }, { tags: [`${repo}:prune`], labels: ours });
    // The same tag on a new image leaves the first one dangling.
    await docker.buildImage({ directory: await context('prune-b', 'RUN echo b > /b\n') }, { tags: [`${repo}:prune`], labels: ours });
    const dangling = await docker.listImages({ dangling: true, labels: ours });
    expect(dangling.map((image) => image.id)).toEqual([first.imageId]);
    expect(dangling[0]).toMatchObject({ tags: [], dangling: true });
    const pruned = await docker.pruneImages({ labels: ours });
    expect(pruned.deleted).toContain(first.imageId);
    expect(pruned.reclaimedBytes).toBeGreaterThanOrEqual(0);
    expect(await docker.listImages({ dangling: true, labels: ours })).toEqual([]);
    expect(await docker.listImages({ reference: `${repo}:prune` })).toHaveLength(1);
  });

  it('fails a step with DOCKER_ERROR and its exit code, leaving no container behind', async () => {
    const dir = await context('fails', 'RUN echo about to fail && exit 3\n');
    const output: string[] = [];
    const error = await docker.buildImage({ directory: dir }, { labels: ours, onProgress: (event) => output.push(event.output ?? '') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOCKER_ERROR', message: expect.stringContaining('step 3/4'), details: { exitCode: 3, step: '3/4', instruction: 'RUN echo about to fail && exit 3' } });
    expect(output.join('')).toContain('about to fail');
    expect(await scope.containerIds()).toEqual([]);
  });

  it('refuses a Dockerfile the engine cannot parse, a missing one, a bad tag and a missing base image', async () => {
    await expect(docker.buildImage({ directory: await context('parse', 'NOT_AN_INSTRUCTION x\n') }, { labels: ours })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('unknown instruction'),
    });
    await expect(docker.buildImage({ directory: await context('nodf', '') }, { dockerfile: 'Other.Dockerfile' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('Other.Dockerfile') });
    await expect(docker.buildImage({ directory: await context('badtag', '') }, { tags: ['Not A Tag'] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const nowhere = `127.0.0.1:${await freePort()}`;
    const dir = join(temp.path, 'nobase');
    await mkdir(dir);
    await writeFile(join(dir, 'Dockerfile'), `FROM ${nowhere}/x/y:1\n`);
    await expect(docker.buildImage({ directory: dir })).rejects.toMatchObject({ code: 'IMAGE_PULL_FAILED', message: expect.stringContaining(`${nowhere}/x/y:1`), details: { registry: nowhere, step: '1/1' } });
    await expect(docker.buildImage({ directory: join(temp.path, 'missing') })).rejects.toMatchObject({ code: 'DIR_NOT_FOUND' });
  });

  it('refuses a context over the size limit before sending it, and builds from a tar the caller made', async () => {
    const dir = await context('big', '', { 'blob.bin': 'x'.repeat(10_000) });
    await expect(docker.buildImage({ directory: dir }, { maxContextBytes: 5_000 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 5_000 } });
    const tar = pack();
    tar.entry({ name: 'Dockerfile' }, `FROM ${TEST_IMAGE}\nLABEL ${TEST_RUN_LABEL}=${scope.runId}\n`);
    tar.finalize();
    const built = await docker.buildImage({ tar }, { tags: [`${repo}:from-tar`] });
    expect(built).toMatchObject({ tags: [`${repo}:from-tar`], contextBytes: null });
  });

  it('stops a build when its signal aborts: CANCELLED, and the step\'s container goes', async () => {
    const dir = await context('cancel', 'RUN echo started && sleep 60\n');
    const controller = new AbortController();
    const started = Date.now();
    const error = await docker
      .buildImage({ directory: dir }, { labels: ours, signal: controller.signal, onProgress: (event) => event.output?.includes('started') && controller.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(30_000);
    let left = await scope.containerIds();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await scope.containerIds();
    }
    expect(left).toEqual([]);
  });
});
