import { builtinModules } from 'node:module';
import { BUILTIN_TOOL_PREFIX, PLUGIN_ID_PATTERN, TOOL_PREFIX_PATTERN, toolPrefixOf } from '@orcaops/plugin-api';

/** The names a new plugin package is written with. */
export interface PluginNames {
  /** The npm package name, also the plugin id. */
  readonly name: string;
  /** What its tool names start with. */
  readonly prefix: string;
  /** The directory it goes to when none is given: the name without its scope. */
  readonly dirName: string;
}

/** The names, or why they cannot be used (a message for the person who typed them). */
export type PluginNamesResult = ({ readonly ok: true } & PluginNames) | { readonly ok: false; readonly message: string };

/** npm's limit on a package name's length. */
const NPM_NAME_MAX = 214;

/**
 * Checks `name` against npm's package name rules and OrcaOps's plugin id pattern (which is stricter: no `_` or
 * `~`), and settles the tool prefix: `prefix` when given, else derived from the name as OrcaOps derives it.
 */
export function pluginNames(name: string, prefix?: string): PluginNamesResult {
  const problem = nameProblem(name);
  if (problem) return { ok: false, message: `"${name}" cannot be a plugin package name: ${problem}.` };
  const chosen = prefix ?? toolPrefixOf({ id: name });
  const prefixIssue = prefixProblem(chosen);
  if (prefixIssue) {
    const origin = prefix === undefined ? `the tool prefix derived from "${name}" is "${chosen}", which` : `--prefix "${chosen}"`;
    return { ok: false, message: `${origin} ${prefixIssue}; choose another with --prefix.` };
  }
  return { ok: true, name, prefix: chosen, dirName: name.split('/').pop()! };
}

function nameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > NPM_NAME_MAX) return `npm allows at most ${NPM_NAME_MAX} characters`;
  if (name !== name.toLowerCase()) return 'npm package names are lower case';
  const base = name.split('/').pop()!;
  if (builtinModules.includes(base) || base === 'node_modules' || base === 'favicon.ico') return `"${base}" is reserved by npm`;
  if (!PLUGIN_ID_PATTERN.test(name)) {
    return 'use lower-case letters and digits, with single "-" or "." between them, optionally under an npm scope (e.g. @acme/orcaops-hello)';
  }
  return null;
}

function prefixProblem(prefix: string): string | null {
  if (prefix === BUILTIN_TOOL_PREFIX) return "is reserved for OrcaOps's own tools";
  if (!TOOL_PREFIX_PATTERN.test(prefix)) return 'is not one word of 2-24 lower-case letters and digits starting with a letter';
  return null;
}
