import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_API_VERSION } from '@orcaops/plugin-api';
import type { PluginNames } from './plugin-names.js';

/**
 * The plugin package template: real files under apps/cli/templates/plugin, shipped with the CLI package and the
 * `orcaops` package. Found upwards from this module, because it sits at a different depth in src/ (tests), dist/
 * (the built CLI) and the bundle.
 */
export function pluginTemplateDir(): string {
  return findUp(join('templates', 'plugin'), dirname(fileURLToPath(import.meta.url)));
}

function findUp(path: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path) + sep;
    if (dirname(dir) === dir) throw new Error(`the plugin template (${path}) is missing from this OrcaOps installation`);
  }
}

/** One file of a package to write: a `/`-separated path inside the package, and its text. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

/** What the template's `{{placeholders}}` are replaced with. */
export type TemplateValues = Readonly<Record<'name' | 'prefix' | 'apiVersion' | 'sdkRange' | 'zodRange', string>>;

/**
 * The values for a new plugin. The SDK and zod ranges come from the SDK this CLI runs with, so a scaffold always
 * asks for an SDK that speaks the plugin API version it declares.
 */
export function pluginTemplateValues(names: Pick<PluginNames, 'name' | 'prefix'>): TemplateValues {
  const sdkManifest = createRequire(import.meta.url).resolve('@orcaops/plugin-api/package.json');
  const sdk = JSON.parse(readFileSync(sdkManifest, 'utf8')) as { version: string; peerDependencies: { zod: string } };
  return { name: names.name, prefix: names.prefix, apiVersion: String(PLUGIN_API_VERSION), sdkRange: `^${sdk.version}`, zodRange: sdk.peerDependencies.zod };
}

/**
 * Every template file with its placeholders replaced, sorted by path. A template `x.tmpl` becomes `x`, and
 * `gitignore` becomes `.gitignore` (npm leaves `.gitignore` files out of packages, so the template cannot be one).
 * @throws Error for a placeholder the values do not define, so a typo in a template cannot ship.
 */
export async function renderPluginTemplate(values: TemplateValues, templateDir = pluginTemplateDir()): Promise<ScaffoldFile[]> {
  const entries = await readdir(templateDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tmpl'));
  const rendered = await Promise.all(
    files.map(async (entry) => {
      const source = join(entry.parentPath, entry.name);
      const path = relative(templateDir, source).split(sep).join('/').replace(/\.tmpl$/, '').replace(/(^|\/)gitignore$/, '$1.gitignore');
      return { path, content: fill(await readFile(source, 'utf8'), values, path) };
    }),
  );
  return rendered.sort((a, b) => a.path.localeCompare(b.path));
}

function fill(text: string, values: TemplateValues, path: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template ${path}: unknown placeholder {{${key}}}`);
    return values[key as keyof TemplateValues];
  });
}
