import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replyWireBytes } from '@orcaops/plugin-api';
import { setupPlugin } from '@orcaops/plugin-api/testing';
import plugin from './index.js';
import { FakeImageEngine, asDockerService } from './testing/fake-image-engine.js';

type Envelope = Record<string, any>;

// #region setup
async function withEngine(engine: FakeImageEngine, replyBytes?: number) {
  return setupPlugin(plugin, { services: { docker: asDockerService(engine) }, ...(replyBytes ? { replyBytes } : {}) });
}
// #endregion setup

test('images_list_images shows tags, size, dangling state and the containers using each image, filtered', async () => {
  const engine = new FakeImageEngine();
  engine.add({ tags: [], sizeBytes: 10 });
  engine.add({ tags: ['app:1', 'app:latest'], digests: ['app@sha256:' + 'b'.repeat(64)], containers: [{ id: 'c'.repeat(64), name: 'web', state: 'running' }] });
  const under = await withEngine(engine);
  const all = (await under.call('images_list_images')) as Envelope;
  assert.equal(all['success'], true);
  assert.equal(all['total'], 2);
  assert.deepEqual(all['images'][0], {
    id: '0002aaaaaaaa',
    tags: ['app:1', 'app:latest'],
    digest: 'app@sha256:' + 'b'.repeat(64),
    size_bytes: 1000,
    created_at: '2026-01-01T00:00:02.000Z',
    dangling: false,
    in_use: true,
    containers: [{ id: 'cccccccccccc', name: 'web', state: 'running' }],
    containers_total: 1,
  });
  assert.deepEqual(((await under.call('images_list_images', { in_use: false })) as Envelope)['images'].map((image: Envelope) => image['dangling']), [true]);
  assert.equal(((await under.call('images_list_images', { dangling: false })) as Envelope)['total'], 1);
});

// #region paging-test
test('images_list_images pages by limit and by the reply budget, with an exact next_offset', async () => {
  const engine = new FakeImageEngine();
  for (let i = 0; i < 300; i++) engine.add({ tags: [`registry.example/team/service-with-a-long-name-${i}:${'v'.repeat(100)}`] });
  const under = await withEngine(engine, 8 * 1024);
  const seen: string[] = [];
  let offset: number | null = 0;
  let pages = 0;
  while (offset !== null) {
    const page = (await under.call('images_list_images', { offset, limit: 50 })) as Envelope;
    assert.equal(page['success'], true);
    assert.ok(replyWireBytes(page) <= 8 * 1024, `page of ${replyWireBytes(page)} bytes`);
    assert.equal(page['reply_truncated'], undefined);
    assert.ok(page['images'].length > 0 && page['images'].length < 50);
    seen.push(...page['images'].map((image: Envelope) => image['id']));
    offset = page['next_offset'];
    pages++;
  }
  assert.equal(new Set(seen).size, 300);
  assert.ok(pages > 6);
});
// #endregion paging-test

test('images_remove_image refuses an image containers use, naming them, and removes it with force', async () => {
  const engine = new FakeImageEngine();
  engine.add({ tags: ['app:1'], containers: [{ id: 'f'.repeat(64), name: 'old-job', state: 'exited' }] });
  const under = await withEngine(engine);
  const refused = (await under.call('images_remove_image', { image: 'app:1' })) as Envelope;
  assert.equal(refused['error']['code'], 'CONFLICT');
  assert.match(refused['error']['message'], /used by 1 container: old-job \(exited\)/);
  assert.match(refused['error']['suggestion'], /force=true/);
  assert.deepEqual(refused['error']['details'], { containers: [{ id: 'ffffffffffff', name: 'old-job', state: 'exited' }], containers_total: 1 });
  assert.deepEqual(engine.calls, []);

  const forced = (await under.call('images_remove_image', { image: 'app:1', force: true })) as Envelope;
  assert.deepEqual(forced, {
    success: true,
    image: 'app:1',
    id: '0001aaaaaaaa',
    untagged: ['app:1'],
    deleted: ['0001aaaaaaaa'],
    image_deleted: true,
    containers: [{ id: 'ffffffffffff', name: 'old-job', state: 'exited' }],
    containers_total: 1,
  });
  assert.equal(((await under.call('images_remove_image', { image: 'app:1' })) as Envelope)['error']['code'], 'IMAGE_NOT_FOUND');
});

test('images_remove_image says to stop a running user first, takes a tag off a multi-tag image, and refuses non-references', async () => {
  const engine = new FakeImageEngine();
  engine.add({ tags: ['db:1'], containers: [{ id: 'e'.repeat(64), name: 'db', state: 'running' }] });
  engine.add({ tags: ['app:1', 'app:2'] });
  const under = await withEngine(engine);
  const running = (await under.call('images_remove_image', { image: 'db:1', force: true })) as Envelope;
  assert.equal(running['error']['code'], 'CONFLICT');
  assert.match(running['error']['suggestion'], /orcaops_stop_container/);
  const untagged = (await under.call('images_remove_image', { image: 'app:2' })) as Envelope;
  assert.deepEqual([untagged['untagged'], untagged['deleted'], untagged['image_deleted']], [['app:2'], [], false]);
  for (const image of ['../containers/x', 'UPPER:1', 'a\u0000b', '']) {
    assert.equal(((await under.call('images_remove_image', { image })) as Envelope)['error']['code'], 'VALIDATION_ERROR', image);
  }
  assert.deepEqual(engine.calls, ['rmi app:2']);
});

test('images_prune_images only lists by default, prunes with dry_run=false, and narrows by label', async () => {
  const engine = new FakeImageEngine();
  engine.add({ tags: [], sizeBytes: 100, labels: { team: 'a' } });
  engine.add({ tags: [], sizeBytes: 200 });
  engine.add({ tags: [], sizeBytes: 400, containers: [{ id: 'd'.repeat(64), name: 'uses-it', state: 'exited' }] });
  engine.add({ tags: ['kept:1'] });
  const under = await withEngine(engine);
  const dry = (await under.call('images_prune_images')) as Envelope;
  assert.deepEqual([dry['dry_run'], dry['count'], dry['reclaimed_bytes'], dry['omitted']], [true, 2, 300, 0]);
  assert.deepEqual(engine.calls, []);
  const labelled = (await under.call('images_prune_images', { dry_run: false, label: ['team=a'] })) as Envelope;
  assert.deepEqual([labelled['count'], labelled['reclaimed_bytes'], labelled['images']], [1, 100, [{ id: '0001aaaaaaaa', size_bytes: null, created_at: null }]]);
  assert.equal(((await under.call('images_prune_images', { dry_run: false })) as Envelope)['count'], 1);
  assert.equal(engine.images.length, 2);
});
