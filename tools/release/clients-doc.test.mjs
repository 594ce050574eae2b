// The per-client setup guide (docs/clients.md) and the READMEs start the server the one way the package supports:
// every JSON block parses and launches `npx -y orcaops mcp`, as do the TOML and shell lines, and the registry entry
// says the same. A renamed package or subcommand fails here instead of in a user's client.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverJson } from './server-json.mjs';
import { orcaopsManifest } from './stage-package.mjs';
import { ROOT, releaseVersion } from './workspace.mjs';

const LAUNCH = ['npx', '-y', 'orcaops', 'mcp'];
const guide = readFileSync(join(ROOT, 'docs/clients.md'), 'utf8');

function blocks(markdown, language) {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((match) => match[1]);
}

it('every JSON block of the client guide parses and starts orcaops as npx -y orcaops mcp', () => {
  const configs = blocks(guide, 'json');
  assert.ok(configs.length >= 5, `${configs.length} JSON blocks`);
  for (const text of configs) {
    const config = JSON.parse(text);
    const entry = (config.mcpServers ?? config.servers)?.orcaops;
    assert.ok(entry, `no orcaops server in\n${text}`);
    assert.deepEqual([entry.command, ...entry.args], LAUNCH, text);
    if (config.servers) assert.equal(entry.type, 'stdio', 'VS Code needs the transport type');
  }
});

it('the TOML and shell lines of the guide say the same', () => {
  const [toml] = blocks(guide, 'toml');
  assert.match(toml, /^command = "npx"$/m);
  assert.match(toml, /^args = \["-y", "orcaops", "mcp"\]$/m);
  assert.ok(blocks(guide, 'sh').some((block) => block.includes(LAUNCH.join(' '))));
});

it('both READMEs give the same Claude Code line, and the package they name is the one released', () => {
  const line = `claude mcp add orcaops -- ${LAUNCH.join(' ')}`;
  for (const readme of ['README.md', 'packaging/orcaops/README.md']) assert.ok(readFileSync(join(ROOT, readme), 'utf8').includes(line), `${readme} has "${line}"`);
  assert.equal(orcaopsManifest().name, LAUNCH[2]);
});

it('the registry entry launches the npm package the same way', () => {
  const [npm] = serverJson({ version: releaseVersion(), mcpbSha256: '0'.repeat(64) }).packages;
  assert.deepEqual([npm.runtimeHint, '-y', npm.identifier, ...npm.packageArguments.map((argument) => argument.value)], LAUNCH);
});
