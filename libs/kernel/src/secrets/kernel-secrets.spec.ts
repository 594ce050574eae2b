import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REDACTED } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { FileSecretStore } from './file-secret-store.js';
import { KernelSecrets } from './kernel-secrets.js';

describe('KernelSecrets and FileSecretStore', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: FileSecretStore;
  beforeEach(async () => {
    temp = await makeTempDir();
    store = FileSecretStore.in(join(temp.path, 'home'));
  });
  afterEach(async () => temp.remove());

  it('keeps named secrets private (0700 directory, 0600 files), lists names only, and removes them', async () => {
    await store.set('API_TOKEN', 'first-value-1');
    await store.set('API_TOKEN', 'second-value-2');
    await store.set('db.password', 'p@ss w0rd!');
    expect(await store.get('API_TOKEN')).toBe('second-value-2');
    expect((await stat(join(temp.path, 'home', 'secrets'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(temp.path, 'home', 'secrets', 'API_TOKEN'))).mode & 0o777).toBe(0o600);
    expect((await store.list()).map((entry) => entry.name)).toEqual(['API_TOKEN', 'db.password']);
    expect(JSON.stringify(await store.list())).not.toContain('second-value-2');
    expect(await store.remove('API_TOKEN')).toBe(true);
    expect(await store.remove('API_TOKEN')).toBe(false);
    expect(await store.get('API_TOKEN')).toBeNull();
    await expect(store.set('../escape', 'value-long-enough')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.set('big', 'x'.repeat(64 * 1024 + 1))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('resolves env:, file: under the allowed roots and stored names, and redacts every value it handed out or stores', async () => {
    await store.set('stored', 'stored-secret-value');
    const roots = join(temp.path, 'allowed');
    await mkdir(roots);
    await writeFile(join(roots, 'token.txt'), 'file-secret-value\n');
    const secrets = new KernelSecrets(store, { CI_TOKEN: 'env-secret-value', SHORT: 'abc' });
    await secrets.learnStored();
    expect(secrets.redactor.redactText('stored-secret-value')).toBe(REDACTED);

    expect(await secrets.resolve('env:CI_TOKEN')).toBe('env-secret-value');
    expect(await secrets.resolve(`file:${join(roots, 'token.txt')}`, { fileRoots: [roots] })).toBe('file-secret-value');
    expect(await secrets.resolve('stored')).toBe('stored-secret-value');
    expect(secrets.redactor.redactText('a env-secret-value b file-secret-value')).toBe(`a ${REDACTED} b ${REDACTED}`);

    await expect(secrets.resolve('env:MISSING')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(secrets.resolve('env:SHORT')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(secrets.resolve('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', suggestion: expect.stringContaining('orcaops secrets set nope') });
    await expect(secrets.resolve(`file:${join(roots, 'token.txt')}`)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(secrets.resolve('file:relative/path', { fileRoots: [roots] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    // A link inside the root that leads out of it is judged by where it leads.
    await writeFile(join(temp.path, 'outside.txt'), 'outside-secret-value');
    await symlink(join(temp.path, 'outside.txt'), join(roots, 'link.txt'));
    await expect(secrets.resolve(`file:${join(roots, 'link.txt')}`, { fileRoots: [roots] })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
