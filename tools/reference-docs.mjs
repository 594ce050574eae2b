#!/usr/bin/env node
// Writes the generated references, docs/reference/tools.md and docs/reference/configuration.md, from the code:
// the tool catalog as OrcaOps starts it (every built-in tool, its annotations and its input and output schemas) and
// the configuration schemas (orcaops.config.json, its http section, the built-in plugins' options).
//   npm run docs:reference                 (= node tools/reference-docs.mjs; build first: npm run build)
//   node tools/reference-docs.mjs --check  exit 1 when the committed files differ from what the code gives
// tools/reference-docs.test.mjs runs the check in `npm test`, so the references cannot drift from the code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const REFERENCE_FILES = ['docs/reference/tools.md', 'docs/reference/configuration.md'];
export const REGENERATE = 'npm run build && npm run docs:reference';

/**
 * Defaults the code computes from the machine (the number of CPUs), written as the rule instead of this machine's
 * value, so that the references are the same everywhere. Keyed by `<plugin id>.<option path>`.
 */
const MACHINE_DEFAULTS = {
  'jobs.concurrency': 'the number of CPUs, at least 2',
  'jobs.defaults.cpus': '2, or the number of CPUs when fewer',
};

/**
 * Meanings of plugin options whose schema carries no description (the schemas live in plugins/*; a description
 * added there with `.describe()` takes precedence). Keyed like {@link MACHINE_DEFAULTS}.
 */
const OPTION_MEANINGS = {
  'jobs.max_input_bytes': "Most bytes one job's inputs (files and directories) may copy into its container.",
  'jobs.max_artifacts_total_bytes': 'Most bytes of artifacts one job collects in all.',
  'jobs.defaults': 'Limits a job gets when it sets none.',
  'jobs.defaults.cpus': 'CPUs a job gets when it sets none.',
  'jobs.defaults.memory': 'Memory a job gets when it sets none (e.g. 512m, 2g).',
  'jobs.defaults.pids': 'Processes a job may run at once when it sets none.',
  'jobs.policy': 'What jobs may ask for; a job outside it is refused with PERMISSION_DENIED naming the rule.',
  'jobs.policy.images': 'Which images jobs may use, matched against the image as given and in full (e.g. docker.io/library/alpine:3.20).',
  'jobs.policy.max_cpus': 'Most CPUs a job may ask for.',
  'jobs.policy.max_memory': 'Most memory a job may ask for (e.g. 8g).',
  'jobs.policy.max_pids': 'Most processes a job may ask for.',
  'jobs.policy.networks': 'Networks jobs may use; ["none"] keeps every job off the network.',
};

/** Defaults of orcaops.config.json that the code applies after reading it (the schema itself has none). */
async function kernelDefaults() {
  const { loadConfig } = await import('@orcaops/kernel');
  const { DEFAULT_TIMEOUTS } = await import('@orcaops/docker');
  const empty = mkdtempSync(join(tmpdir(), 'orcaops-reference-config-'));
  try {
    const config = await loadConfig({ cwd: empty, env: {} });
    if (config.home !== join(homedir(), '.orcaops')) throw new Error(`unexpected default home ${config.home}`);
    return {
      home: { text: '~/.orcaops' },
      logLevel: { value: config.logLevel },
      'docker.host': { text: 'DOCKER_HOST, else the active Docker context, else the first socket found' },
      'docker.timeouts.readMs': { value: DEFAULT_TIMEOUTS.readMs },
      'docker.timeouts.operationMs': { value: DEFAULT_TIMEOUTS.operationMs },
      'docker.timeouts.streamStartMs': { value: DEFAULT_TIMEOUTS.streamStartMs },
      'replies.defaultBytes': { value: config.replies.defaultBytes },
      'replies.maxBytes': { value: config.replies.maxBytes },
      'tools.preset': { value: config.tools.preset },
      'tools.allow': { value: config.tools.allow },
      'tools.deny': { value: config.tools.deny },
      readOnly: { value: config.readOnly },
      'audit.enabled': { value: config.audit.enabled },
      'audit.maxBytes': { value: config.audit.maxBytes },
      'audit.keep': { value: config.audit.keep },
      plugins: { text: 'none (the built-in plugins only)' },
    };
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

/** The catalog as a host sees it, started in an empty directory with no configuration and no reachable engine. */
async function loadCatalog() {
  const { startOrcaOps, BUILTIN_PLUGIN_PACKAGES } = await import('@orcaops/composition');
  const dir = mkdtempSync(join(tmpdir(), 'orcaops-reference-'));
  const env = { ORCAOPS_HOME: join(dir, 'home'), DOCKER_HOST: 'unix:///nonexistent/orcaops-reference.sock', PATH: process.env.PATH ?? '' };
  const kernel = await startOrcaOps({ cwd: dir, env, logLevel: 'silent', role: 'command' });
  try {
    const failed = kernel.hostInfo.plugins().failed;
    if (failed.length > 0) throw new Error(`built-in plugins failed to load: ${failed.map((f) => `${f.source}: ${f.error}`).join('; ')}`);
    const plugins = [];
    for (const source of BUILTIN_PLUGIN_PACKAGES) {
      const module = await import(source);
      const plugin = module.default;
      plugins.push({ source, id: plugin.id, options: plugin.options });
    }
    return { entries: kernel.catalog.entries.map((entry) => ({ tool: entry.tool, pluginId: entry.pluginId })), plugins };
  } finally {
    await kernel.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Schema → Markdown

/** Escapes text for a Markdown table cell (and for running text: no HTML, no emphasis by accident). */
function cell(text) {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*').replace(/\s*\n\s*/g, ' ');
}

/** Inline code that survives a table cell: backticks in the value widen the fence, pipes are escaped. */
function code(text) {
  const value = String(text);
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function resolveRef(schema, rootSchema) {
  let current = schema;
  for (let i = 0; i < 10 && current && typeof current.$ref === 'string'; i++) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], rootSchema);
  }
  return current ?? {};
}

function variantsOf(schema) {
  return schema.anyOf ?? schema.oneOf ?? null;
}

function isObjectSchema(schema) {
  return schema.type === 'object' || (schema.properties !== undefined && schema.type === undefined);
}

/** A readable type: `string`, `integer`, `"a" | "b"`, `array of string`, `map of string`, `string or null`. */
function typeOf(schema, rootSchema) {
  const s = resolveRef(schema, rootSchema);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((value) => JSON.stringify(value)).join(' | ');
  const variants = variantsOf(s);
  if (variants) return [...new Set(variants.map((variant) => typeOf(variant, rootSchema)))].join(' or ');
  if (Array.isArray(s.type)) return s.type.map((type) => typeOf({ ...s, type }, rootSchema)).join(' or ');
  if (s.type === 'array') return s.items ? `array of ${typeOf(s.items, rootSchema)}` : 'array';
  if (isObjectSchema(s)) {
    if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length > 0) {
      return `map of ${typeOf(s.additionalProperties, rootSchema)}`;
    }
    return 'object';
  }
  return s.type ?? 'any';
}

function range(min, max, unit = '') {
  if (min !== undefined && max !== undefined) return `${min}–${max}${unit}`;
  if (min !== undefined) return `≥ ${min}${unit}`;
  return `≤ ${max}${unit}`;
}

/** The checks a value must pass, in words. */
function constraintsOf(schema, rootSchema, depth = 0) {
  const s = resolveRef(schema, rootSchema);
  const out = [];
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`length ${range(s.minLength, s.maxLength)}`);
  // zod states the safe-integer bounds of every integer: they are no real limit.
  const minimum = s.minimum === Number.MIN_SAFE_INTEGER ? undefined : s.minimum;
  const maximum = s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum;
  if (minimum !== undefined || maximum !== undefined) out.push(range(minimum, maximum));
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (s.multipleOf !== undefined) out.push(`multiple of ${s.multipleOf}`);
  if (s.format !== undefined) out.push(`format ${s.format}`);
  if (s.pattern !== undefined) out.push(`pattern ${code(s.pattern)}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) out.push(`${range(s.minItems, s.maxItems)} items`);
  if (s.uniqueItems) out.push('unique items');
  if (s.minProperties !== undefined || s.maxProperties !== undefined) out.push(`${range(s.minProperties, s.maxProperties)} entries`);
  if (s.propertyNames) {
    const names = constraintsOf(s.propertyNames, rootSchema, depth + 1);
    if (names.length > 0) out.push(`keys: ${names.join(', ')}`);
  }
  if (depth < 2) {
    if (s.type === 'array' && s.items) {
      const items = constraintsOf(s.items, rootSchema, depth + 1);
      if (items.length > 0) out.push(`each: ${items.join(', ')}`);
    }
    if (isObjectSchema(s) && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
      const values = constraintsOf(s.additionalProperties, rootSchema, depth + 1);
      if (values.length > 0) out.push(`each value: ${values.join(', ')}`);
    }
    const variants = variantsOf(s);
    if (variants) {
      for (const variant of variants) {
        const v = resolveRef(variant, rootSchema);
        if (isObjectSchema(v)) continue;
        const inner = constraintsOf(v, rootSchema, depth + 1);
        if (inner.length > 0) out.push(`as ${typeOf(v, rootSchema)}: ${inner.join(', ')}`);
      }
    }
  }
  return out;
}

/** The object schemas found directly under a node (its items, map values, or variants), with the path suffix for each. */
function childObjects(schema, rootSchema) {
  const s = resolveRef(schema, rootSchema);
  if (s.properties) return [{ suffix: '', schema: s }];
  const found = [];
  const variants = variantsOf(s);
  if (variants) for (const variant of variants) found.push(...childObjects(variant, rootSchema));
  if (s.type === 'array' && s.items) found.push(...childObjects(s.items, rootSchema).map((child) => ({ ...child, suffix: `[]${child.suffix}` })));
  if (isObjectSchema(s) && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
    found.push(...childObjects(s.additionalProperties, rootSchema).map((child) => ({ ...child, suffix: `.<key>${child.suffix}` })));
  }
  return found;
}

/** Every field under `schema`, depth first, each with its dotted path. */
function fieldsOf(schema, rootSchema, prefix = '', seen = new Set()) {
  const s = resolveRef(schema, rootSchema);
  if (seen.has(s)) return [];
  const rows = [];
  const properties = s.properties ?? {};
  const required = new Set(s.required ?? []);
  for (const name of Object.keys(properties)) {
    const property = resolveRef(properties[name], rootSchema);
    const path = `${prefix}${name}`;
    rows.push({ path, schema: property, required: required.has(name) });
    for (const child of childObjects(property, rootSchema)) {
      rows.push(...fieldsOf(child.schema, rootSchema, `${path}${child.suffix}.`, new Set([...seen, s])));
    }
  }
  return rows;
}

function defaultText(schema) {
  if (schema.default === undefined) return '';
  const text = JSON.stringify(schema.default);
  return text.length <= 60 ? code(text) : 'see the fields below';
}

// ---------------------------------------------------------------------------------------------------------------
// The tool reference

function annotationsOf(tool) {
  const a = tool.annotations;
  return {
    readOnly: a.readOnlyHint === true,
    // MCP: a tool that is not read-only is destructive unless it says otherwise; idempotent is false and
    // open-world true when not said.
    destructive: !a.readOnlyHint && a.destructiveHint !== false,
    idempotent: a.idempotentHint === true,
    openWorld: a.openWorldHint !== false,
  };
}

const yesNo = (value) => (value ? 'yes' : 'no');
const anchor = (name) => name.toLowerCase().replace(/[^a-z0-9_ -]/g, '').replace(/ /g, '-');

/** docs/reference/tools.md. */
export function renderToolReference(entries, { inputJsonSchema, outputJsonSchema }) {
  const tools = [...entries].sort((a, b) => a.tool.category.localeCompare(b.tool.category, 'en') || a.tool.name.localeCompare(b.tool.name, 'en'));
  const categories = [...new Set(tools.map((entry) => entry.tool.category))];
  const lines = [
    '# Tool reference',
    '',
    '<!-- Generated by tools/reference-docs.mjs from the tool catalog. Do not edit: run `npm run docs:reference`. -->',
    '',
    `Every built-in tool of OrcaOps (${tools.length} tools in ${categories.length} categories), as the tool catalog declares it.`,
    'Every host serves the same tools: the MCP server (`orcaops mcp`), the terminal UI, `orcaops call <tool> \'<json>\'` and',
    'the HTTP host (`orcaops serve`). Tools of third-party plugins are not listed here; `orcaops tools` lists what a',
    'configuration loads.',
    '',
    'Every tool answers `{ "success": true, ...output }` or `{ "success": false, "error": { "code", "message",',
    '"suggestion" } }`. A success reply may also carry `reply_truncated` when it had to be cut to its byte limit. Inputs',
    'are checked before a tool runs: a missing or malformed argument, or an argument a tool does not declare, is',
    'refused with `VALIDATION_ERROR`.',
    '',
    'Annotations follow MCP: **read-only** tools change nothing; a tool that is not read-only is **destructive** unless',
    'it declares otherwise; **idempotent** tools may be called again with the same arguments to no further effect;',
    '**open-world** tools reach beyond OrcaOps\'s own resources (a registry, any container on the engine).',
    '',
    '| tool | title | category | read-only | destructive | idempotent | open-world |',
    '|---|---|---|---|---|---|---|',
    ...tools.map(({ tool }) => {
      const a = annotationsOf(tool);
      return `| [${code(tool.name)}](#${anchor(tool.name)}) | ${cell(tool.title)} | ${tool.category} | ${yesNo(a.readOnly)} | ${yesNo(a.destructive)} | ${yesNo(a.idempotent)} | ${yesNo(a.openWorld)} |`;
    }),
  ];
  for (const category of categories) {
    lines.push('', `## ${category}`);
    for (const { tool, pluginId } of tools.filter((entry) => entry.tool.category === category)) {
      const a = annotationsOf(tool);
      const input = inputJsonSchema(tool);
      const output = outputJsonSchema(tool);
      lines.push('', `### ${tool.name}`, '');
      const facts = [
        `**${cell(tool.title)}**`,
        `category \`${tool.category}\``,
        `plugin \`${pluginId}\``,
        `read-only: ${yesNo(a.readOnly)}`,
        `destructive: ${yesNo(a.destructive)}`,
        `idempotent: ${yesNo(a.idempotent)}`,
        `open-world: ${yesNo(a.openWorld)}`,
      ];
      if (tool.http) facts.push(`REST: \`${tool.http.method} /v1${tool.http.path}\``);
      lines.push(facts.join(' · '), '');
      lines.push(...tool.description.trim().split(/\n\s*\n/).flatMap((paragraph, index) => [...(index > 0 ? [''] : []), cell(paragraph)]));
      lines.push('', '**Input**', '');
      const inputRows = fieldsOf(input, input);
      if (inputRows.length === 0) lines.push('No parameters (`{}`).');
      else {
        lines.push('| parameter | type | required | default | constraints | description |', '|---|---|---|---|---|---|');
        for (const row of inputRows) {
          lines.push(
            `| ${code(row.path)} | ${cell(typeOf(row.schema, input))} | ${row.required ? 'yes' : 'no'} | ${defaultText(row.schema)} | ${constraintsOf(row.schema, input).map((c) => c.replace(/\n/g, ' ')).join('; ')} | ${cell(row.schema.description ?? '')} |`,
          );
        }
      }
      lines.push('', '**Output** (besides `success` and `reply_truncated`)', '');
      const outputRows = fieldsOf(output, output).filter((row) => row.path !== 'success' && !row.path.startsWith('reply_truncated'));
      if (outputRows.length === 0) lines.push('No fields.');
      else {
        lines.push('| field | type | always | description |', '|---|---|---|---|');
        for (const row of outputRows) lines.push(`| ${code(row.path)} | ${cell(typeOf(row.schema, output))} | ${row.required ? 'yes' : 'no'} | ${cell(row.schema.description ?? '')} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The configuration reference

function configTable(schema, { defaults = {}, meanings = {}, prefix = '' }) {
  const rows = fieldsOf(schema, schema).filter((row) => row.path !== '$schema');
  const lines = ['| key | type | default | constraints | meaning |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const key = `${prefix}${row.path}`;
    const known = defaults[row.path];
    const fallback = row.schema.properties ? '' : defaultText(row.schema);
    const value = known ? (known.text !== undefined ? cell(known.text) : code(JSON.stringify(known.value))) : fallback;
    const meaning = row.schema.description ?? meanings[row.path] ?? '';
    lines.push(`| ${code(key)} | ${cell(typeOf(row.schema, schema))} | ${value} | ${constraintsOf(row.schema, schema).join('; ')} | ${cell(meaning)} |`);
  }
  return lines;
}

/** docs/reference/configuration.md. */
export function renderConfigReference({ config, configDefaults, http, plugins, toJson }) {
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated by tools/reference-docs.mjs from the configuration schemas. Do not edit: run `npm run docs:reference`. -->',
    '',
    'Every key of `orcaops.config.json`, of its `http` section and of the built-in plugins\' options, with its type,',
    'default and meaning, generated from the schemas OrcaOps validates the file with. The file is found from the',
    'working directory upwards, or given with `--config FILE`. Unknown keys are refused (`CONFIG_INVALID`), so a typo',
    'is an error rather than a silent default. The guide is [configuration.md](../configuration.md).',
    '',
    'Environment variables win over the file: `ORCAOPS_HOME` over `home`, `ORCAOPS_LOG_LEVEL` over `logLevel`,',
    '`DOCKER_HOST` (with `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `DOCKER_CONTEXT`) over `docker.host`; `--debug` wins over',
    'both for the log level, and `--read-only` sets `readOnly`.',
    '',
    '## orcaops.config.json',
    '',
    ...configTable(toJson(config), { defaults: configDefaults }),
    '',
    '## http',
    '',
    'The `http` section, read by the HTTP host (`orcaops serve`); [http.md](../http.md) explains it.',
    '',
    ...configTable(toJson(http), { prefix: 'http.' }),
    '',
    '## Built-in plugin options',
    '',
    'An entry in `plugins` that names a built-in plugin sets its options instead of loading it again, e.g.',
    '`{ "plugin": "@orcaops/plugin-jobs", "options": { "concurrency": 4 } }`. Paths are absolute, or relative to the',
    'working directory. Invalid options make the plugin fail to load; `orcaops_system_info` (`plugins.failed`) and',
    '`orcaops doctor` say why.',
  ];
  const sorted = [...plugins].sort((a, b) => a.source.localeCompare(b.source, 'en'));
  for (const plugin of sorted) {
    lines.push('', `### ${plugin.source}`, '');
    if (!plugin.options) {
      lines.push('No options.');
      continue;
    }
    const defaults = {};
    const meanings = {};
    for (const [key, text] of Object.entries(MACHINE_DEFAULTS)) if (key.startsWith(`${plugin.id}.`)) defaults[key.slice(plugin.id.length + 1)] = { text };
    for (const [key, text] of Object.entries(OPTION_MEANINGS)) if (key.startsWith(`${plugin.id}.`)) meanings[key.slice(plugin.id.length + 1)] = text;
    lines.push(...configTable(toJson(plugin.options), { defaults, meanings }));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

/** Both references, as `{ path: text }`, from the built packages. */
export async function generateReferences() {
  const { inputJsonSchema, outputJsonSchema } = await import('@orcaops/plugin-api');
  const { ConfigFileSchema } = await import('@orcaops/kernel');
  const { HttpConfigSchema } = await import('@orcaops/http-host');
  const { z } = await import('zod');
  const toJson = (schema) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  const { entries, plugins } = await loadCatalog();
  return {
    'docs/reference/tools.md': renderToolReference(entries, { inputJsonSchema, outputJsonSchema }),
    'docs/reference/configuration.md': renderConfigReference({ config: ConfigFileSchema, configDefaults: await kernelDefaults(), http: HttpConfigSchema, plugins, toJson }),
  };
}

/** The files that differ from what the code gives now. */
export async function staleReferences(base = root) {
  const generated = await generateReferences();
  const stale = [];
  for (const [path, text] of Object.entries(generated)) {
    let committed = null;
    try {
      committed = readFileSync(join(base, path), 'utf8');
    } catch {
      committed = null;
    }
    if (committed !== text) stale.push(path);
  }
  return { stale, generated };
}

async function main(argv) {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`reference-docs: unknown argument ${unknown[0]}; usage: node tools/reference-docs.mjs [--check]\n`);
    return 2;
  }
  if (argv.includes('--check')) {
    const { stale } = await staleReferences();
    if (stale.length > 0) {
      process.stdout.write(`${stale.join(', ')} differ from the code: run ${REGENERATE}, then commit them.\n`);
      return 1;
    }
    process.stdout.write(`${REFERENCE_FILES.join(', ')} match the code\n`);
    return 0;
  }
  const generated = await generateReferences();
  for (const [path, text] of Object.entries(generated)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
