import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import type { KeysFlags } from './cli-args.js';
import { keysCommand } from './commands/keys.js';
import { memoryIo } from './test-fixtures/memory-io.js';

// The built bin does not dispatch `keys` yet, so the command runs in-process on a memory CliIo.
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let home: string;
beforeEach(async () => {
  temp = await makeTempDir('orcaops-keys-cli-');
  home = join(temp.path, 'home');
});
afterEach(() => temp.remove());

type Action = { action: 'create'; name: string; scope: string } | { action: 'list'; json: boolean } | { action: 'revoke'; key: string };

async function keys(action: Action, extra: { configPath?: string } = {}) {
  const io = { ...memoryIo(temp.path), env: { ORCAOPS_HOME: home } };
  const code = await keysCommand({ debug: false, ...extra, ...action } as KeysFlags, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('orcaops keys', () => {
  it('creates a key, lists it, revokes it and lists it as revoked, never storing the token', async () => {
    expect(await keys({ action: 'list', json: false })).toEqual({ code: 0, stdout: 'No API keys yet. Create one with: orcaops keys create --name NAME --scope read|run|admin\n', stderr: '' });
    expect(await keys({ action: 'list', json: true })).toEqual({ code: 0, stdout: '[]\n', stderr: '' });

    const created = await keys({ action: 'create', name: 'my-gpt', scope: 'run' });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^orcaops_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();
    const id = token.slice('orcaops_'.length, 'orcaops_'.length + 12);
    expect(created.stderr).toBe(
      `Created API key ${id} "my-gpt" (scope run). Shown once: store it now. Use it as \`Authorization: Bearer <token>\` or the X-API-Key header; revoke with \`orcaops keys revoke ${id}\`.\n`,
    );
    expect(created.stderr).not.toContain(token);

    const file = join(home, 'http', 'keys.json');
    const stored = await readFile(file, 'utf8');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(-43));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const listed = await keys({ action: 'list', json: false });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^ID {12}NAME {4}SCOPE {2}CREATED {15}REVOKED\\n${id} {2}my-gpt {2}run {4}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ {2}-\\n$`));
    expect(listed.stdout).not.toContain(token);

    const revoked = await keys({ action: 'revoke', key: 'my-gpt' });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked API key ${id} "my-gpt" \\(scope run\\) as of \\d{4}-.+Z; calls with it are refused\\.\\n$`));

    const json = await keys({ action: 'list', json: true });
    const views = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(views).toEqual([{ id, name: 'my-gpt', scope: 'run', created_at: expect.any(String), revoked_at: expect.any(String) }]);
    expect((await keys({ action: 'list', json: false })).stdout).toMatch(/ run {4}\S+ \S+Z {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$/);
    expect(await readFile(file, 'utf8')).not.toContain(token.slice(-43));
  });

  it('says what is wrong with a bad scope or name, exit 1, and writes nothing', async () => {
    expect(await keys({ action: 'create', name: 'ci', scope: 'root' })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'orcaops: The scope "root" is not one of read, run, admin.\n  Use read (read-only tools), run (also jobs and sandboxes) or admin (every tool).\n',
    });
    const badName = await keys({ action: 'create', name: 'has space', scope: 'read' });
    expect(badName).toMatchObject({ code: 1, stdout: '' });
    expect(badName.stderr).toMatch(/^orcaops: The key name "has space" is not valid.*\n {2}\S.*\n$/);
    await expect(stat(join(home, 'http', 'keys.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 1 for an unknown key or a taken name, and 2 for a bad configuration', async () => {
    const missing = await keys({ action: 'revoke', key: 'nope' });
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('orcaops: No API key has the id or name "nope".\n  Run orcaops keys list');

    expect((await keys({ action: 'create', name: 'ci', scope: 'read' })).code).toBe(0);
    const taken = await keys({ action: 'create', name: 'ci', scope: 'admin' });
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toContain('An active API key is already named "ci".');

    const config = join(temp.path, 'orcaops.config.json');
    await writeFile(config, JSON.stringify({ http: { port: 'eighty' } }));
    const invalid = await keys({ action: 'list', json: false }, { configPath: config });
    expect(invalid).toMatchObject({ code: 2, stdout: '' });
    expect(invalid.stderr).toMatch(/^orcaops: .*orcaops\.config\.json is invalid: http\.port: .*\n {2}Fix the http section/);
  });

  it('names the configured key header in the note', async () => {
    const config = join(temp.path, 'orcaops.config.json');
    await writeFile(config, JSON.stringify({ http: { apiKeyHeader: 'X-Orca-Key' } }));
    const created = await keys({ action: 'create', name: 'ci', scope: 'read' }, { configPath: config });
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('or the X-Orca-Key header');
  });
});
