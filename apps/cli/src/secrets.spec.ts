import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCliArgs } from './cli-args.js';
import { runCli, tempHome } from './test-fixtures/spawn-cli.js';

let home: ReturnType<typeof tempHome>;
beforeAll(() => {
  home = tempHome();
});
afterAll(() => home.remove());

describe('orcaops secrets', () => {
  it('parses set, list and remove, and refuses anything else', () => {
    expect(parseCliArgs(['secrets', 'set', 'TOKEN'])).toMatchObject({ kind: 'secrets', action: 'set', name: 'TOKEN' });
    expect(parseCliArgs(['secrets', 'list', '--json'])).toMatchObject({ kind: 'secrets', action: 'list', json: true });
    expect(parseCliArgs(['secrets', 'remove', 'TOKEN'])).toMatchObject({ kind: 'secrets', action: 'remove', name: 'TOKEN' });
    expect(parseCliArgs(['secrets', 'get', 'TOKEN'])).toMatchObject({ kind: 'usage-error', message: expect.stringContaining('use set, list or remove') });
    expect(parseCliArgs(['secrets', 'set'])).toMatchObject({ kind: 'usage-error' });
    expect(parseCliArgs(['secrets', 'set', 'TOKEN', 'value-on-the-command-line'])).toMatchObject({ kind: 'usage-error' });
  });

  it('stores a value read from standard input (0600), lists names but never values, and removes it', async () => {
    const set = await runCli(['secrets', 'set', 'API_TOKEN'], home.dir, { input: 'tok-1234567890\n' });
    expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('{"secret": "API_TOKEN"}') });
    const file = join(home.dir, 'secrets', 'API_TOKEN');
    expect(readFileSync(file, 'utf8')).toBe('tok-1234567890');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const list = await runCli(['secrets', 'list', '--json'], home.dir);
    expect(JSON.parse(list.stdout)).toEqual([{ name: 'API_TOKEN', updated_at: expect.any(String) }]);
    expect(list.stdout + list.stderr + set.stdout + set.stderr).not.toContain('tok-1234567890');

    expect(await runCli(['secrets', 'set', 'EMPTY'], home.dir, { input: '' })).toMatchObject({ code: 1, stderr: expect.stringContaining('empty') });
    expect(await runCli(['secrets', 'set', '../x'], home.dir, { input: 'value-long-enough' })).toMatchObject({ code: 1, stderr: expect.stringContaining('secret names') });
    expect(await runCli(['secrets', 'remove', 'API_TOKEN'], home.dir)).toMatchObject({ code: 0 });
    expect(await runCli(['secrets', 'remove', 'API_TOKEN'], home.dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('no stored secret') });
  });
});
