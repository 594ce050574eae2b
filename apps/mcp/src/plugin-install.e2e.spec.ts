import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';
import { DockerTestScope, NPM_INSTALL_FLAGS, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, npmOk, npmPack, requireDocker } from '@orcaops/testing';

const SDK_DIR = fileURLToPath(new URL('../../../libs/plugin-api/', import.meta.url));
const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/plugin-images/', import.meta.url));
const ZOD_PACKAGE = fileURLToPath(new URL('../../../node_modules/zod/package.json', import.meta.url));
const IMAGE_TOOLS = ['images_list_images', 'images_pull_image', 'images_build_image', 'images_remove_image', 'images_prune_images'];

/**
 * The example plugin the way an outsider gets it (issue 10, items 6 and 9): the SDK packed as it would be published,
 * the example copied out of the monorepo (so nothing resolves through its node_modules), built and tested against
 * that tarball with its own scripts and packed; then an empty project installs both tarballs, lists the plugin in
 * orcaops.config.json next to three broken ones, and the built orcaops-mcp serves its tools against the real engine.
 */
describe('the example image plugin, installed from tarballs', () => {
  const scope = new DockerTestScope();
  const repo = `orcaops-e2e/images-${scope.runId.slice(0, 8)}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let sdk: string;
  let example: string;
  let client: Client | null = null;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir('orcaops-plugin-install-');
    sdk = (await npmPack(SDK_DIR, temp.path)).tarball;
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await scope.cleanup();
    const left = await dockerCli(['images', '-q', '--filter', `reference=${repo}`]);
    if (left) await dockerCli(['rmi', '-f', ...new Set(left.split('\n'))]);
    await temp?.remove();
  });

  it('builds against the packed SDK, passes its own tests and packs without them', async () => {
    const dir = join(temp.path, 'plugin-images');
    await cp(EXAMPLE_DIR, dir, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$|\.tgz$/.test(source) });
    await npmOk(['install', '--save-dev', ...NPM_INSTALL_FLAGS, sdk], dir);
    const tested = await npmOk(['test'], dir);
    expect(tested).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(tested)?.[1])).toBeGreaterThanOrEqual(10);
    // npm test has just built dist/; prepack would build it again.
    const packed = await npmPack(dir, temp.path, ['--ignore-scripts']);
    example = packed.tarball;
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/tools/build-image.js']));
    expect(packed.files.filter((file) => /test|testing/.test(file))).toEqual([]);
  }, 180_000);

  it('loads in an empty project from orcaops.config.json, serves its tools against the engine, and reports the broken plugins', async () => {
    const project = join(temp.path, 'project');
    await mkdir(project);
    await npmOk(['init', '-y'], project);
    const zod = (JSON.parse(await readFile(ZOD_PACKAGE, 'utf8')) as { version: string }).version;
    await npmOk(['install', ...NPM_INSTALL_FLAGS, sdk, example, `zod@${zod}`], project);
    // Installed as copies from the tarballs, not linked to the workspace.
    expect((await lstat(join(project, 'node_modules', '@orcaops', 'plugin-api'))).isSymbolicLink()).toBe(false);
    await writeBrokenPlugins(project);
    await mkdir(join(project, 'ctx'));
    await writeFile(join(project, 'ctx', 'Dockerfile'), `FROM ${TEST_IMAGE}\nLABEL ${TEST_RUN_LABEL}=${scope.runId}\nRUN echo built-by-the-e2e > /built\n`);
    await writeFile(
      join(project, 'orcaops.config.json'),
      JSON.stringify({ plugins: [{ plugin: 'orcaops-plugin-images', options: { build_roots: ['.'] } }, './bad-api-version', './bad-throws', './bad-clash'] }),
    );

    client = await connectOrcaopsMcp(project, 'plugin-install-e2e');
    const { tools } = await client.listTools();
    const images = tools.filter((tool) => tool.name.startsWith('images_'));
    expect(images.map((tool) => tool.name)).toEqual(IMAGE_TOOLS);
    const build = images.find((tool) => tool.name === 'images_build_image')!;
    expect(build.inputSchema).toMatchObject({ required: ['context'], properties: { context: { type: 'string', description: expect.stringContaining('build context') } } });
    expect(images.find((tool) => tool.name === 'images_remove_image')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });

    const info = await callEnvelope(client, 'orcaops_system_info', {});
    expect(info['plugins']['loaded']).toContainEqual({ id: 'orcaops-plugin-images', source: 'orcaops-plugin-images', version: '0.1.0', builtin: false, tools: IMAGE_TOOLS });
    const failed = Object.fromEntries((info['plugins']['failed'] as Array<{ source: string; error: string }>).map((failure) => [failure.source, failure.error]));
    expect(Object.keys(failed).sort()).toEqual(['./bad-api-version', './bad-clash', './bad-throws']);
    expect(failed['./bad-api-version']).toMatch(/built for plugin API 2; this OrcaOps supports plugin API 1 only/);
    expect(failed['./bad-throws']).toMatch(/cannot load: the registry is down/);
    expect(failed['./bad-clash']).toMatch(/Tool "images_list_images" of plugin bad-clash .* is already declared by plugin orcaops-plugin-images; the plugin was skipped/);

    const tag = `${repo}:1`;
    const progress: string[] = [];
    const built = await callEnvelope(client, 'images_build_image', { context: 'ctx', tags: [tag], labels: { [TEST_RUN_LABEL]: scope.runId } }, (message) => progress.push(message));
    expect(built).toMatchObject({ success: true, tags: [tag], build_log: { truncated: false, text: expect.stringContaining('Successfully tagged') } });
    // The Dockerfile's three steps, then the builder's own LABEL step for each label the call set.
    const steps = progress.filter((message) => message.startsWith('Step '));
    expect(built['steps']).toBe(5);
    expect(steps.slice(0, 3)).toEqual([`Step 1/5 : FROM ${TEST_IMAGE}`, `Step 2/5 : LABEL ${TEST_RUN_LABEL}=${scope.runId}`, 'Step 3/5 : RUN echo built-by-the-e2e > /built']);
    expect(steps.slice(3)).toEqual([expect.stringMatching(/^Step 4\/5 : LABEL /), expect.stringMatching(/^Step 5\/5 : LABEL /)]);
    expect(await dockerCli(['image', 'inspect', '--format', '{{index .Config.Labels "org.orcaops.plugin"}}', tag])).toBe('orcaops-plugin-images');

    const listed = await callEnvelope(client, 'images_list_images', { reference: repo });
    expect(listed).toMatchObject({ success: true, total: 1, images: [{ id: built['id'], tags: [tag], in_use: false, dangling: false }] });

    const user = await dockerCli(['create', '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--name', `images-e2e-${scope.runId.slice(0, 8)}`, tag, 'cat', '/built']);
    const refused = await callEnvelope(client, 'images_remove_image', { image: tag });
    expect(refused).toMatchObject({ success: false, error: { code: 'CONFLICT', message: expect.stringContaining(`images-e2e-${scope.runId.slice(0, 8)} (created)`) } });
    await dockerCli(['rm', user]);
    const removed = await callEnvelope(client, 'images_remove_image', { image: tag });
    expect(removed).toMatchObject({ success: true, untagged: [tag], image_deleted: true, containers_total: 0 });
    expect(await dockerCli(['images', '-q', '--filter', `reference=${repo}`])).toBe('');
  }, 180_000);
});

/** Three plugins that must each be skipped and reported, while the example keeps working. */
async function writeBrokenPlugins(project: string): Promise<void> {
  const plugin = async (name: string, manifest: object, entry: string) => {
    await mkdir(join(project, name));
    await writeFile(join(project, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', orcaops: { entry: './index.js', ...manifest } }));
    await writeFile(join(project, name, 'index.js'), entry);
  };
  await plugin('bad-api-version', { apiVersion: 2 }, 'export default { id: "bad-api-version", setup: () => ({ tools: [] }) };\n');
  await plugin('bad-throws', { apiVersion: 1 }, 'throw new Error("cannot load: the registry is down");\n');
  await plugin(
    'bad-clash',
    { apiVersion: 1 },
    [
      "import { z } from 'zod';",
      'export default {',
      "  id: 'bad-clash',",
      "  toolPrefix: 'images',",
      '  setup: () => ({',
      '    tools: [{',
      "      name: 'images_list_images', title: 'Mine too', description: 'Clashes with the example plugin.', category: 'images',",
      '      input: z.object({}), output: z.object({}), annotations: { readOnlyHint: true }, run: async () => ({}),',
      '    }],',
      '  }),',
      '};',
      '',
    ].join('\n'),
  );
}
