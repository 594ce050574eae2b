import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { PLUGIN_API_VERSION } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { pluginTemplateValues, renderPluginTemplate } from './plugin-template.js';

const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Record<string, any>;
const ROOT = readJson(new URL('../../../../package.json', import.meta.url));
const SDK = readJson(new URL('../../../../libs/plugin-api/package.json', import.meta.url));

/** Whether `version` satisfies `range`, for the two forms the template uses: `^x.y.z` and `~x.y.z`. */
function satisfies(version: string, range: string): boolean {
  const [operator, wanted] = [range[0], range.slice(1).split('.').map(Number)];
  const have = version.split('.').map(Number);
  const same = operator === '^' ? 1 : 2;
  if (have.slice(0, same).join('.') !== wanted.slice(0, same).join('.')) return false;
  for (let i = same; i < 3; i++) if (have[i]! !== wanted[i]!) return have[i]! > wanted[i]!;
  return true;
}

describe('the plugin template', () => {
  const values = pluginTemplateValues({ name: '@acme/orcaops-hello', prefix: 'hello' });

  it('renders every file with no placeholder left', async () => {
    const files = await renderPluginTemplate(values);
    expect(files.map((file) => file.path)).toEqual(['.gitignore', 'package.json', 'README.md', 'src/get-engine.test.ts', 'src/get-engine.ts', 'src/index.ts', 'tsconfig.json']);
    for (const file of files) expect(file.content).not.toMatch(/\{\{|\}\}/);
    const index = files.find((file) => file.path === 'src/index.ts')!.content;
    expect(index).toContain("id: '@acme/orcaops-hello'");
    expect(index).toContain("toolPrefix: 'hello'");
    expect(files.find((file) => file.path === 'src/get-engine.ts')!.content).toContain("name: 'hello_get_engine'");
  });

  it('writes a manifest for this SDK: its plugin API version and its own version and zod range as peers', async () => {
    const files = await renderPluginTemplate(values);
    const manifest = JSON.parse(files.find((file) => file.path === 'package.json')!.content);
    expect(manifest).toMatchObject({
      name: '@acme/orcaops-hello',
      type: 'module',
      orcaops: { apiVersion: PLUGIN_API_VERSION, entry: './dist/index.js' },
      peerDependencies: { '@orcaops/plugin-api': `^${SDK['version']}`, zod: SDK['peerDependencies'].zod },
    });
  });

  it('asks for the TypeScript and Node types the workspace builds with, so both move together', async () => {
    const manifest = JSON.parse((await renderPluginTemplate(values)).find((file) => file.path === 'package.json')!.content);
    expect(satisfies(ROOT['devDependencies'].typescript, manifest.devDependencies.typescript)).toBe(true);
    expect(satisfies(ROOT['devDependencies']['@types/node'], manifest.devDependencies['@types/node'])).toBe(true);
  });

  describe('with a template of its own', () => {
    let dir: Awaited<ReturnType<typeof makeTempDir>>;
    afterEach(() => dir.remove());

    it('refuses a placeholder it has no value for, naming the file', async () => {
      dir = await makeTempDir('orcaops-template-');
      mkdirSync(join(dir.path, 'src'));
      writeFileSync(join(dir.path, 'src', 'a.ts.tmpl'), "export const a = '{{name}}{{nmae}}';\n");
      await expect(renderPluginTemplate(values, dir.path)).rejects.toThrow('template src/a.ts: unknown placeholder {{nmae}}');
    });
  });
});
