import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OrcaError, replyWireBytes, type ProgressUpdate } from '@orcaops/plugin-api';
import { setupPlugin } from '@orcaops/plugin-api/testing';
import plugin from './index.js';
import { FakeImageEngine, asDockerService } from './testing/fake-image-engine.js';

type Envelope = Record<string, any>;

let temp: string;
let root: string;
before(async () => {
  temp = await realpath(await mkdtemp(join(tmpdir(), 'images-plugin-')));
  root = join(temp, 'root');
  await mkdir(join(root, 'app', 'docker'), { recursive: true });
  await writeFile(join(root, 'app', 'Dockerfile'), 'FROM busybox\n');
  await writeFile(join(root, 'app', 'docker', 'other.Dockerfile'), 'FROM busybox\n');
  await mkdir(join(temp, 'outside'));
  await writeFile(join(temp, 'outside', 'Dockerfile'), 'FROM busybox\n');
  await symlink(join(temp, 'outside'), join(root, 'link-out'));
  await symlink(join(temp, 'outside', 'Dockerfile'), join(root, 'app', 'linked.Dockerfile'));
});
after(() => rm(temp, { recursive: true, force: true }));

const setup = (engine: FakeImageEngine, replyBytes?: number) =>
  setupPlugin(plugin, { services: { docker: asDockerService(engine) }, options: { build_roots: [root] }, ...(replyBytes ? { replyBytes } : {}) });

test('images_pull_image pulls :latest when no tag is given, with rising progress about layers', async () => {
  const engine = new FakeImageEngine();
  engine.pullScript = {
    events: [
      { status: 'Pulling from library/alpine', layer: 'latest' },
      { status: 'Pulling fs layer', layer: 'l1' },
      { status: 'Downloading', layer: 'l1', current: 500_000, total: 1_000_000 },
      { status: 'Downloading', layer: 'l1', current: 1_000_000, total: 1_000_000 },
      { status: 'Pull complete', layer: 'l1' },
      { status: 'Status: Downloaded newer image for alpine:latest' },
    ],
  };
  // #region progress-test
  const updates: ProgressUpdate[] = [];
  const under = await setup(engine);
  const pulled = (await under.call('images_pull_image', { image: 'alpine' }, { onProgress: (update) => updates.push(update) })) as Envelope;
  assert.equal(pulled['success'], true);
  assert.deepEqual([pulled['image'], pulled['downloaded'], pulled['layers'], pulled['digest']], ['alpine:latest', true, 1, `alpine@sha256:${'d'.repeat(64)}`]);
  assert.deepEqual(engine.calls, ['pull alpine:latest']);
  assert.deepEqual(updates.map((update) => update.progress), updates.map((_update, index) => index + 1));
  assert.equal(updates.at(-1)?.message, 'alpine:latest: 1/1 layers done, 1.0 MB downloaded');
  // #endregion progress-test
});

test('images_pull_image stops when the call is cancelled, and passes on the engine\'s errors', async () => {
  const engine = new FakeImageEngine();
  engine.pullScript = { events: [{ status: 'Pulling fs layer', layer: 'l1' }], hang: true };
  // #region cancel
  const under = await setup(engine);
  const controller = new AbortController();
  const call = under.call('images_pull_image', { image: 'registry.local:5000/team/app:1' }, { signal: controller.signal, onProgress: () => controller.abort() });
  assert.equal(((await call) as Envelope)['error']['code'], 'CANCELLED');
  // #endregion cancel
  engine.pullScript = { fail: new OrcaError('IMAGE_NOT_FOUND', 'Image x:1 was not found on docker.io: manifest unknown') };
  assert.equal(((await under.call('images_pull_image', { image: 'x:1' })) as Envelope)['error']['code'], 'IMAGE_NOT_FOUND');
  for (const image of ['Alpine:3', '../images/x', 'a b', 'alpine:3@sha256:short']) {
    assert.equal(((await under.call('images_pull_image', { image })) as Envelope)['error']['code'], 'VALIDATION_ERROR', image);
  }
  assert.deepEqual(engine.calls, ['pull registry.local:5000/team/app:1', 'pull x:1']);
});

test('images_build_image builds a context inside the roots, labelled, with progress per step and the log\'s tail', async () => {
  const engine = new FakeImageEngine();
  engine.buildScript = {
    events: [
      { output: 'Step 1/2 : FROM busybox', step: { current: 1, total: 2 } },
      { output: '\n ---> 1234\n' },
      { output: 'Step 2/2 : RUN make', step: { current: 2, total: 2 } },
      { output: `\n${'compiling...\n'.repeat(20_000)}done\n` },
    ],
  };
  const updates: ProgressUpdate[] = [];
  const under = await setup(engine);
  const built = (await under.call('images_build_image', { context: 'app', tags: ['my-app:1'], labels: { team: 'a' } }, { onProgress: (update) => updates.push(update) })) as Envelope;
  assert.equal(built['success'], true, JSON.stringify(built['error']));
  assert.deepEqual(updates, [
    { progress: 1, total: 2, message: 'Step 1/2 : FROM busybox' },
    { progress: 2, total: 2, message: 'Step 2/2 : RUN make' },
  ]);
  assert.deepEqual(engine.builds[0]?.context, { directory: join(root, 'app') });
  assert.equal(engine.builds[0]?.options.dockerfile, 'Dockerfile');
  assert.deepEqual(engine.builds[0]?.options.labels, { team: 'a', 'org.orcaops.plugin': 'orcaops-plugin-images' });
  assert.deepEqual([built['tags'], built['steps'], built['context_bytes']], [['my-app:1'], 2, 42]);
  const log = built['build_log'];
  assert.ok(log['text'].endsWith('compiling...\ndone\n'));
  assert.equal(log['truncated'], true);
  assert.ok(JSON.stringify(log['text']).length <= 16 * 1024);
  assert.ok(log['total_bytes'] > 250_000);
  assert.ok(replyWireBytes(built) <= 64 * 1024);

  const big = (await under.call('images_build_image', { context: join(root, 'app'), dockerfile: 'docker/other.Dockerfile', log_bytes: 200_000 })) as Envelope;
  assert.equal(big['success'], true);
  assert.equal(engine.builds[1]?.options.dockerfile, 'docker/other.Dockerfile');
  assert.ok(JSON.stringify(big['build_log']['text']).length > 150_000, 'a larger log_bytes raises the reply budget');
  assert.equal(big['reply_truncated'], undefined);
});

test('images_build_image refuses contexts outside the roots, through .. or a link, and Dockerfiles leaving the context', async () => {
  const engine = new FakeImageEngine();
  const under = await setup(engine);
  const code = async (args: Record<string, unknown>) => ((await under.call('images_build_image', args)) as Envelope)['error']?.['code'];
  assert.equal(await code({ context: '../outside' }), 'PERMISSION_DENIED');
  assert.equal(await code({ context: join(temp, 'outside') }), 'PERMISSION_DENIED');
  assert.equal(await code({ context: 'link-out' }), 'PERMISSION_DENIED');
  assert.equal(await code({ context: 'app/../../outside' }), 'PERMISSION_DENIED');
  assert.equal(await code({ context: 'missing' }), 'DIR_NOT_FOUND');
  assert.equal(await code({ context: 'app\u0000x' }), 'VALIDATION_ERROR');
  assert.equal(await code({ context: 'app', dockerfile: '../Dockerfile' }), 'INVALID_PATH');
  assert.equal(await code({ context: 'app', dockerfile: '/etc/passwd' }), 'INVALID_PATH');
  assert.equal(await code({ context: 'app', dockerfile: 'linked.Dockerfile' }), 'INVALID_PATH');
  assert.equal(await code({ context: 'app', dockerfile: 'nope' }), 'NOT_FOUND');
  assert.equal(await code({ context: 'app', tags: ['Not A Tag'] }), 'VALIDATION_ERROR');
  assert.equal(engine.builds.length, 0);
});

test('images_build_image gives a failed step\'s error the end of the build log, and stops when cancelled', async () => {
  const engine = new FakeImageEngine();
  engine.buildScript = {
    events: [{ output: 'Step 1/1 : RUN make', step: { current: 1, total: 1 } }, { output: `\n${'x'.repeat(50_000)}\nerror: missing header foo.h\n` }],
    fail: new OrcaError('DOCKER_ERROR', 'The build failed at step 1/1 (RUN make): returned a non-zero code: 2', { details: { exitCode: 2, step: '1/1' } }),
  };
  const under = await setup(engine);
  const failed = (await under.call('images_build_image', { context: 'app' })) as Envelope;
  assert.equal(failed['error']['code'], 'DOCKER_ERROR');
  assert.equal(failed['error']['details']['exitCode'], 2);
  assert.match(failed['error']['details']['build_log'], /error: missing header foo\.h\n$/);
  assert.ok(failed['error']['details']['build_log'].length <= 4096);
  assert.ok(failed['error']['details']['build_log_total_bytes'] > 50_000);

  engine.buildScript = { events: [{ output: 'Step 1/1 : RUN sleep 100', step: { current: 1, total: 1 } }], hang: true };
  const controller = new AbortController();
  const cancelled = (await under.call('images_build_image', { context: 'app' }, { signal: controller.signal, onProgress: () => controller.abort() })) as Envelope;
  assert.equal(cancelled['error']['code'], 'CANCELLED');
});
