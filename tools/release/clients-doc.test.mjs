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

/**
 * The TOML the guide uses (Codex CLI's config.toml): tables, and keys set to a string, an integer, a boolean or an
 * array of strings. Anything else fails the parse, so a block the guide gets wrong cannot pass unread.
 */
function parseToml(text) {
  const tables = {};
  let current = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (header) {
      assert.ok(!(header[1] in tables), `table [${header[1]}] twice`);
      current = tables[header[1]] = {};
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+) = (.+)$/.exec(line);
    assert.ok(pair && current, `line ${index + 1} is not a key = value in a table: ${raw}`);
    assert.ok(!(pair[1] in current), `key ${pair[1]} twice`);
    current[pair[1]] = JSON.parse(pair[2]);
    const value = current[pair[1]];
    const ok = typeof value === 'string' || Number.isInteger(value) || typeof value === 'boolean' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    assert.ok(ok, `line ${index + 1}: unsupported value ${pair[2]}`);
  }
  return tables;
}

/** Keys Codex CLI reads in an [mcp_servers.NAME] table for a stdio server, with their types. */
const CODEX_SERVER_KEYS = { command: 'string', args: 'object', startup_timeout_sec: 'number', tool_timeout_sec: 'number', enabled: 'boolean', cwd: 'string' };

it('every TOML block of the guide parses and starts orcaops as npx -y orcaops mcp', () => {
  const configs = blocks(guide, 'toml');
  assert.ok(configs.length >= 1, `${configs.length} TOML blocks`);
  for (const text of configs) {
    const tables = parseToml(text);
    const server = tables['mcp_servers.orcaops'];
    assert.ok(server, `no [mcp_servers.orcaops] in\n${text}`);
    assert.deepEqual([server.command, ...server.args], LAUNCH, text);
    for (const [key, value] of Object.entries(server)) {
      assert.ok(key in CODEX_SERVER_KEYS, `[mcp_servers.orcaops] has ${key}, which Codex does not read`);
      assert.equal(typeof value, CODEX_SERVER_KEYS[key], `${key} should be a ${CODEX_SERVER_KEYS[key]}`);
    }
    // tool_timeout_sec must outlast orcaops_run_job's default wait of 600 s, or Codex gives up on waiting jobs.
    if (server.tool_timeout_sec !== undefined) assert.ok(server.tool_timeout_sec > 600, `tool_timeout_sec ${server.tool_timeout_sec}`);
    for (const [name, table] of Object.entries(tables)) {
      if (name === 'mcp_servers.orcaops') continue;
      assert.equal(name, 'mcp_servers.orcaops.env', `unexpected table [${name}]`);
      for (const value of Object.values(table)) assert.equal(typeof value, 'string', 'env values are strings');
    }
  }
});

it('the shell lines of the guide start it the same way', () => {
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
