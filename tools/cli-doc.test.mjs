// docs/cli.md held to the command-line parser (the built apps/cli/dist/cli-args.js and human-args.js): every command,
// sub-command and option the parser knows is mentioned in the guide, and every `orcaops <command>` the guide shows
// in code exists. A command added or renamed in cli-args.ts fails here until docs/cli.md says so.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { COMMANDS, OPTIONS } = await import(join(root, 'apps/cli/dist/cli-args.js'));
const { SUBCOMMANDS } = await import(join(root, 'apps/cli/dist/human-args.js'));
const guide = readFileSync(join(root, 'docs/cli.md'), 'utf8');

/** `mcp` is a command too: the bin starts the MCP server for it before the parser sees it. */
const commands = [...Object.keys(COMMANDS), 'mcp'];
/** The text of the guide's fenced code blocks and inline code spans, where commands are written out. */
const code = [...guide.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm), ...guide.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').matchAll(/`([^`\n]+)`/g)]
  .map((match) => match[1])
  .join('\n');

it('docs/cli.md shows every command', () => {
  const missing = commands.filter((command) => !new RegExp(`\\borcaops ${command}\\b`).test(code));
  assert.deepEqual(missing, [], `docs/cli.md never shows "orcaops ${missing[0]}" in code: describe the command there.`);
});

it('docs/cli.md names every sub-command', () => {
  const missing = Object.entries(SUBCOMMANDS).flatMap(([group, actions]) =>
    Object.keys(actions).filter((action) => !new RegExp(`\\b${group} ${action}\\b`).test(guide)).map((action) => `${group} ${action}`),
  );
  assert.deepEqual(missing, [], `docs/cli.md never names "${missing[0]}": describe the sub-command there.`);
});

it('docs/cli.md names every option', () => {
  const missing = Object.keys(OPTIONS).filter((option) => !new RegExp(`(^|[^\\w-])--${option}(?![\\w-])`, 'm').test(guide));
  assert.deepEqual(missing, [], `docs/cli.md never names --${missing[0]}: describe the option there.`);
});

it('every orcaops command docs/cli.md shows exists', () => {
  const unknown = new Set();
  for (const [, command, next] of code.matchAll(/\borcaops ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) {
    if (!commands.includes(command)) unknown.add(`orcaops ${command}`);
    else if (command in SUBCOMMANDS && next !== undefined && !(next in SUBCOMMANDS[command])) unknown.add(`orcaops ${command} ${next}`);
  }
  assert.deepEqual([...unknown], [], `docs/cli.md shows a command the parser does not know: ${[...unknown].join(', ')}.`);
});
