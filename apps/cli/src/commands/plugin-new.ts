import { isAbsolute, relative, resolve } from 'node:path';
import { usageError, writeOut, type CliIo } from '../cli-io.js';
import { pluginNames } from '../scaffold/plugin-names.js';
import { pluginTemplateValues, renderPluginTemplate } from '../scaffold/plugin-template.js';
import { writePackage } from '../scaffold/write-package.js';

/** What `orcaops plugin new` was asked for. */
export interface PluginNewFlags {
  /** The npm package name. */
  readonly name: string;
  /** The package directory; default `./<name without scope>`. */
  readonly dir?: string;
  /** The tool prefix; default derived from the name. */
  readonly prefix?: string;
  readonly force: boolean;
}

/**
 * `orcaops plugin new <name>`: writes a standalone plugin package (manifest, tsconfig, one read-only tool, its
 * test, README) and prints what it wrote and what to do next. Exit 0 written, 2 for a bad name or a taken
 * directory, 1 when the files could not be written.
 */
export async function pluginNewCommand(flags: PluginNewFlags, io: CliIo): Promise<number> {
  const names = pluginNames(flags.name, flags.prefix);
  if (!names.ok) return usageError(io, names.message);
  const target = resolve(io.cwd, flags.dir ?? names.dirName);
  const files = await renderPluginTemplate(pluginTemplateValues(names));
  let result;
  try {
    result = await writePackage(target, files, { force: flags.force });
  } catch (error) {
    io.stderr.write(`orcaops: could not write the plugin to ${target}: ${(error as Error).message}\n`);
    return 1;
  }
  if (!result.ok) {
    io.stderr.write(`orcaops: ${result.message}\n`);
    return 2;
  }

  const shown = relative(io.cwd, target);
  const cdPath = shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? target : shown;
  const tool = `${names.prefix}_get_engine`;
  const lines = [
    `Wrote plugin ${names.name} to ${target}${result.merged ? ' (into the existing directory)' : ''}, tool prefix "${names.prefix}":`,
    ...files.map((file) => `  ${file.path}`),
    '',
    'Next steps:',
    `  cd ${shellWord(cdPath)}`,
    '  npm install        # if @orcaops/plugin-api is not in your registry: npm install --save-dev <path>/orcaops-plugin-api-<version>.tgz',
    '  npm test           # builds dist/ and runs the tests of src/get-engine.ts',
    '',
    `Then list it in orcaops.config.json, by path or (once installed next to OrcaOps) by name:`,
    `  { "plugins": [${JSON.stringify(target)}] }`,
    `and check: orcaops tools (shows ${tool}), orcaops call ${tool}`,
  ];
  await writeOut(io.stdout, `${lines.join('\n')}\n`);
  return 0;
}

/** A path as one shell word, quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
