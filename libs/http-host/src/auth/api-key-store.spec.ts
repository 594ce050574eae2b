import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { ApiKeyStore, KEY_SCOPES } from './api-key-store.js';

describe('ApiKeyStore', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let stateDir: string;
  let store: ApiKeyStore;
  let ticks: number;
  const clock = () => new Date(Date.UTC(2026, 0, 1, 0, 0, ticks++));

  beforeEach(async () => {
    temp = await makeTempDir('orcaops-keys-');
    stateDir = join(temp.path, 'home', 'http');
    ticks = 0;
    store = new ApiKeyStore(stateDir, { clock });
  });
  afterEach(() => temp.remove());

  it('starts with no keys when the file is missing, without creating anything', async () => {
    expect(await store.list()).toEqual([]);
    expect(await store.hasActiveKeys()).toBe(false);
    expect(await store.verify(`orcaops_${'a'.repeat(12)}_${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await readdir(temp.path)).toEqual([]);
  });

  it('creates a key whose token verifies, storing only the sha256 of the secret, privately', async () => {
    const { key, token } = await store.create('my-gpt', 'run');
    expect(key).toEqual({ id: expect.stringMatching(/^[0-9a-f]{12}$/), name: 'my-gpt', scope: 'run', created_at: '2026-01-01T00:00:00.000Z', revoked_at: null });
    expect(token).toMatch(new RegExp(`^orcaops_${key.id}_[A-Za-z0-9_-]{43}$`));
    const secret = token.slice(`orcaops_${key.id}_`.length);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);

    const text = await readFile(join(stateDir, 'keys.json'), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      keys: [{ ...key, secret_sha256: createHash('sha256').update(secret).digest('hex') }],
    });
    expect((await stat(join(stateDir, 'keys.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect(await readdir(stateDir)).toEqual(['keys.json']);

    expect(await store.verify(token)).toEqual({ ok: true, key });
    expect(await store.hasActiveKeys()).toBe(true);
    expect(await store.list()).toEqual([key]);
  });

  it('refuses malformed tokens, unknown ids and wrong secrets without saying which of the last two', async () => {
    const { key, token } = await store.create('ci', 'read');
    const secret = token.slice(-43);
    for (const bad of ['', 'orcaops_', token.slice(0, -1), `${token}x`, ` ${token}`, token.toUpperCase(), `Bearer ${token}`, `orcaops_${'G'.repeat(12)}_${secret}`, `orcaops-${key.id}-${secret}`]) {
      expect(await store.verify(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
    const otherSecret = secret.startsWith('A') ? `B${secret.slice(1)}` : `A${secret.slice(1)}`;
    expect(await store.verify(`orcaops_${key.id}_${otherSecret}`)).toEqual({ ok: false, reason: 'unknown' });
    const otherId = key.id === '000000000000' ? '000000000001' : '000000000000';
    expect(await store.verify(`orcaops_${otherId}_${secret}`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('compares 32-byte digests in constant time for a right secret, a wrong one and an unknown id; a wrong shape is refused unread', async () => {
    const compared: Array<[number, number]> = [];
    const watched = new ApiKeyStore(stateDir, { compare: (a, b) => (compared.push([a.length, b.length]), a.equals(b)) });
    const { key, token } = await watched.create('timing', 'read');
    const secret = token.slice(`orcaops_${key.id}_`.length);
    expect(await watched.verify(token)).toMatchObject({ ok: true });
    expect(await watched.verify(`orcaops_${key.id}_${'x'.repeat(secret.length)}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await watched.verify(`orcaops_000000000000_${secret}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await watched.verify(`orcaops_${key.id}_x`)).toEqual({ ok: false, reason: 'malformed' });
    expect(compared).toEqual(Array(3).fill([32, 32]));
  });

  it('validates names and scopes with a suggestion, and keeps active names unique', async () => {
    for (const name of ['', 'x'.repeat(65), 'has space', 'slash/name', 'ümlaut', 'abcdef012345']) {
      await expect(store.create(name, 'read')).rejects.toMatchObject({ code: 'VALIDATION_ERROR', suggestion: expect.stringMatching(/\S/) });
    }
    await expect(store.create('ok', 'root')).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('read, run, admin') });
    expect(KEY_SCOPES).toEqual(['read', 'run', 'admin']);

    const first = await store.create('A.b_c-1', 'admin');
    expect(first.key.name).toBe('A.b_c-1');
    await expect(store.create('A.b_c-1', 'read')).rejects.toMatchObject({ code: 'CONFLICT', suggestion: expect.stringContaining('revoke') });
    await store.revoke('A.b_c-1');
    const second = await store.create('A.b_c-1', 'read');
    expect(second.key.id).not.toBe(first.key.id);
    expect((await store.list()).map((key) => [key.name, key.scope, key.revoked_at === null])).toEqual([
      ['A.b_c-1', 'admin', false],
      ['A.b_c-1', 'read', true],
    ]);
  });

  it('revokes by id or name, keeps the first revocation time, and says NOT_FOUND for an unknown key', async () => {
    const one = await store.create('one', 'read');
    const two = await store.create('two', 'run');
    const revoked = await store.revoke(one.key.id);
    expect(revoked).toEqual({ ...one.key, revoked_at: '2026-01-01T00:00:02.000Z' });
    expect(await store.revoke('one')).toEqual(revoked);
    expect(await store.revoke(one.key.id)).toEqual(revoked);
    expect(await store.verify(one.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await store.verify(two.token)).toEqual({ ok: true, key: two.key });

    expect((await store.revoke('two')).revoked_at).toBe('2026-01-01T00:00:03.000Z');
    expect(await store.hasActiveKeys()).toBe(false);
    await expect(store.revoke('three')).rejects.toMatchObject({ code: 'NOT_FOUND', suggestion: expect.stringContaining('keys list') });
  });

  it('sees a revoke made by another store (another process) on the next verify', async () => {
    const { key, token } = await store.create('shared', 'run');
    expect(await store.verify(token)).toMatchObject({ ok: true });
    const other = new ApiKeyStore(stateDir);
    await other.revoke(key.id);
    expect(await store.verify(token)).toEqual({ ok: false, reason: 'revoked' });

    const fresh = await other.create('later', 'read');
    expect(await store.verify(fresh.token)).toEqual({ ok: true, key: fresh.key });
    await rm(join(stateDir, 'keys.json'));
    expect(await store.verify(fresh.token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('loses no update when several stores change the file at once', async () => {
    const stores = Array.from({ length: 6 }, () => new ApiKeyStore(stateDir));
    const created = await Promise.all(stores.map((each, index) => each.create(`key-${index}`, 'read')));
    const listed = await store.list();
    expect(listed.map((key) => key.name).sort()).toEqual(created.map((made) => made.key.name).sort());
    for (const made of created) expect(await store.verify(made.token)).toEqual({ ok: true, key: made.key });
  });

  it('refuses a damaged file with CONFIG_INVALID naming it, never reading it as empty', async () => {
    const { token } = await store.create('k', 'read');
    const file = join(stateDir, 'keys.json');
    for (const damaged of ['{ not json', '{"version":2,"keys":[]}', '{"version":1,"keys":[{"id":"x"}]}', '[]']) {
      await writeFile(file, damaged);
      const failure = { code: 'CONFIG_INVALID', message: expect.stringContaining(file) };
      await expect(store.verify(token)).rejects.toMatchObject(failure);
      await expect(store.list()).rejects.toMatchObject(failure);
      await expect(store.hasActiveKeys()).rejects.toMatchObject(failure);
      await expect(store.create('new', 'read')).rejects.toMatchObject(failure);
      expect(await readFile(file, 'utf8')).toBe(damaged);
    }
  });
});
