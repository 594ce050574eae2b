#!/usr/bin/env node
// Module-boundary check, run by `npm test` and CI. Nx core has no lint rule for this, and a 150-line script
// that reads project.json tags beats pulling ESLint and typescript-eslint into the install (see
// docs/decisions/0003-module-boundaries.md). It checks every import in every project's src/:
//   - who may import which sibling project (by type/scope tags),
//   - who may import dockerode, the MCP SDK, ink/react (one project each),
//   - @orcaops/testing only from spec files,
//   - every package imported is declared in the project's package.json,
//   - no relative import leaves its project,
//   - no console.log / process.stdout.write outside the CLI app (stdout belongs to the MCP protocol).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const BUILTIN_PLUGINS = ['system', 'jobs', 'runs', 'containers', 'sandboxes'].map((name) => `@orcaops/plugin-${name}`);

/** Sibling projects each kind of project may import from product code (tests may also use @orcaops/testing). */
const ALLOWED_SIBLINGS = {
  'scope:api': [],
  'scope:contracts': ['@orcaops/plugin-api'],
  'scope:docker': ['@orcaops/plugin-api', '@orcaops/contracts'],
  'scope:kernel': ['@orcaops/plugin-api'],
  // The composition root names the built-ins (by literal import(), so a bundle splits them): the one place that may.
  'scope:composition': ['@orcaops/plugin-api', '@orcaops/contracts', '@orcaops/kernel', '@orcaops/docker', '@orcaops/run-store', ...BUILTIN_PLUGINS],
  'scope:runs': ['@orcaops/plugin-api', '@orcaops/contracts'],
  'scope:testing': ['@orcaops/plugin-api', '@orcaops/contracts'],
  'type:plugin': ['@orcaops/plugin-api', '@orcaops/contracts'],
  'type:lib+scope:mcp': ['@orcaops/plugin-api', '@orcaops/contracts', '@orcaops/kernel'],
  'type:lib+scope:tui': ['@orcaops/plugin-api', '@orcaops/contracts', '@orcaops/kernel'],
  // The HTTP host mounts the MCP host's Streamable HTTP endpoint at /mcp rather than speaking MCP itself.
  'type:lib+scope:http': ['@orcaops/plugin-api', '@orcaops/contracts', '@orcaops/kernel', '@orcaops/mcp-host'],
  'type:app+scope:mcp': ['@orcaops/plugin-api', '@orcaops/kernel', '@orcaops/composition', '@orcaops/mcp-host'],
  // The CLI reads tool answers it prints itself (doctor's findings) through the contract schemas.
  'type:app+scope:tui': ['@orcaops/plugin-api', '@orcaops/contracts', '@orcaops/kernel', '@orcaops/composition', '@orcaops/tui', '@orcaops/http-host'],
};
/** Real-engine tests of a plugin's tools need the real Docker layer and run store; nothing else in a plugin does. */
const EXTRA_SPEC_SIBLINGS = { 'type:plugin': ['@orcaops/docker', '@orcaops/run-store'], 'type:lib+scope:mcp': ['@orcaops/composition'], 'type:lib+scope:http': ['@orcaops/composition'], 'type:app+scope:mcp': ['@orcaops/contracts'], 'type:app+scope:tui': ['@orcaops/contracts'] };

/** External packages only one kind of project may import. */
const RESTRICTED_PACKAGES = [
  { name: 'dockerode', allowed: ['scope:docker'] },
  { name: '@modelcontextprotocol/sdk', allowed: ['scope:mcp'] },
  { name: 'ink', allowed: ['type:lib+scope:tui'] },
  { name: 'react', allowed: ['type:lib+scope:tui'] },
  { name: 'ink-testing-library', allowed: ['type:lib+scope:tui'] },
];

const STDOUT_WRITERS = /\bconsole\.(log|info)\(|process\.stdout\.write\(/;

function projects() {
  return ['apps', 'libs', 'plugins'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(root, group, name))
      .filter((dir) => statSync(join(dir, 'project.json'), { throwIfNoEntry: false }))
      .map((dir) => {
        const project = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8'));
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        return { dir, name: project.name, pkg, tags: project.tags ?? [] };
      }),
  );
}

/** The most specific rule key matching the project's tags ("type:x+scope:y" before "scope:y" before "type:x"). */
function ruleKey(tags, table) {
  const type = tags.find((tag) => tag.startsWith('type:'));
  const scope = tags.find((tag) => tag.startsWith('scope:'));
  return [`${type}+${scope}`, scope, type].find((key) => key in table);
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__snapshots__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];
let checked = 0;

for (const project of projects()) {
  const siblingsKey = ruleKey(project.tags, ALLOWED_SIBLINGS);
  if (!siblingsKey) {
    problems.push(`${project.name}: project.json tags ${JSON.stringify(project.tags)} match no boundary rule`);
    continue;
  }
  const declared = new Set(Object.keys({ ...project.pkg.dependencies, ...project.pkg.peerDependencies, ...project.pkg.devDependencies }));
  for (const file of sourceFiles(join(project.dir, 'src'))) {
    checked++;
    const where = relative(root, file);
    // Test fixtures are only imported by specs and excluded from the library build.
    const isSpec = /\.spec\.tsx?$/.test(file) || /[\\/]test-fixtures[\\/]/.test(file);
    const text = readFileSync(file, 'utf8');
    if (!isSpec && project.name !== 'app-cli' && STDOUT_WRITERS.test(text)) {
      problems.push(`${where}: writes to stdout (console.log/info or process.stdout.write); use the logger, which writes to stderr`);
    }
    for (const match of text.matchAll(IMPORT_PATTERN)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(project.dir + sep)) problems.push(`${where}: relative import "${specifier}" leaves the project; import the package instead`);
        continue;
      }
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const pkg = packageOf(specifier);
      if (pkg.startsWith('@orcaops/')) {
        const allowed = [...ALLOWED_SIBLINGS[siblingsKey], ...(isSpec ? ['@orcaops/testing', ...(EXTRA_SPEC_SIBLINGS[ruleKey(project.tags, EXTRA_SPEC_SIBLINGS)] ?? [])] : [])];
        if (pkg === '@orcaops/testing' && !isSpec) problems.push(`${where}: @orcaops/testing may only be imported from spec files`);
        else if (!allowed.includes(pkg) && pkg !== project.pkg.name) problems.push(`${where}: ${project.name} (${siblingsKey}) may not import ${pkg}`);
      }
      const restriction = RESTRICTED_PACKAGES.find((rule) => rule.name === pkg);
      if (restriction && !restriction.allowed.includes(ruleKey(project.tags, Object.fromEntries(restriction.allowed.map((key) => [key, true]))))) {
        problems.push(`${where}: only ${restriction.allowed.join(', ')} may import ${pkg}`);
      }
      const declaredAtRoot = isSpec && pkg in { ...rootPkg.devDependencies };
      if (!declared.has(pkg) && !declaredAtRoot && pkg !== project.pkg.name) problems.push(`${where}: imports ${pkg}, which ${relative(root, project.dir)}/package.json does not declare`);
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`Module boundary violations (${problems.length}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Module boundaries: ${checked} files checked, no violations.\n`);
