import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PullProgress } from '@orcaops/plugin-api';
import { LocalRegistry, TEST_IMAGE, dockerCli, freePort, requireDocker, silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

describe('DockerodeService images against the real engine and a local registry', () => {
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  let registry: LocalRegistry | null = null;
  let pushed = '';

  beforeAll(async () => {
    await requireDocker();
    registry = await LocalRegistry.start();
    pushed = await registry.push(TEST_IMAGE, 'orcaops-test/busybox:pulltest');
    // Only the tag goes: the layers stay (they are TEST_IMAGE's), so the pull below just fetches the manifest.
    await dockerCli(['rmi', pushed]);
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });

  it('inspects a local image and answers null for a missing one', async () => {
    const image = await docker.inspectImage(TEST_IMAGE);
    expect(image?.id).toBe(await dockerCli(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]));
    const digests = JSON.parse(await dockerCli(['image', 'inspect', '--format', '{{json .RepoDigests}}', TEST_IMAGE])) as string[];
    expect(image?.digest).toBe(digests[0] ?? null);
    expect(await docker.inspectImage('orcaops-test/never-built:nope')).toBeNull();
  });

  it('pulls from a registry, reporting progress, and returns the image with its digest', async () => {
    expect(await docker.inspectImage(pushed)).toBeNull();
    const events: PullProgress[] = [];
    const image = await docker.pullImage(pushed, { onProgress: (event) => events.push(event) });
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)?.status).toMatch(/Downloaded newer image|Image is up to date/);
    expect(image.id).toBe(await dockerCli(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]));
    expect(image.digest).toMatch(new RegExp(`^${registry!.address}/orcaops-test/busybox@sha256:[0-9a-f]{64}$`));
    expect(await docker.inspectImage(pushed)).toEqual(image);
  });

  it('answers IMAGE_NOT_FOUND for a tag or repository the registry does not have', async () => {
    await expect(docker.pullImage(`${registry!.address}/orcaops-test/busybox:missing`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND', details: { registry: registry!.address } });
    await expect(docker.pullImage(`${registry!.address}/orcaops-test/nothing-here:1`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('answers IMAGE_PULL_FAILED naming the registry when nothing listens there', async () => {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const error = await docker.pullImage(`${nowhere}/x/y:1`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_PULL_FAILED', message: expect.stringContaining(`Could not reach registry ${nowhere}`), details: { registry: nowhere } });
  });

  it('answers CANCELLED for an aborted pull', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(docker.pullImage(pushed, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
