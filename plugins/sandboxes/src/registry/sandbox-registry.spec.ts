import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '@orcaops/testing';
import { SandboxRegistry, type SandboxEntry } from './sandbox-registry.js';

const entry = (name: string, path = `/sandboxes/${name}`): SandboxEntry => ({
  name,
  project: name.toLowerCase(),
  template: 'web-dev',
  path,
  compose_file: 'docker-compose.yml',
  created_at: '2026-01-01T00:00:00.000Z',
});

describe('SandboxRegistry', () => {
  let home: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ path: home, remove } = await makeTempDir('orcaops-registry-')));
  afterEach(() => remove());

  it('adds, finds regardless of case, and removes', async () => {
    const registry = new SandboxRegistry(home);
    expect(await registry.list()).toEqual([]);
    await registry.add(entry('Shop'));
    expect((await registry.get('shop')).name).toBe('Shop');
    await registry.remove('SHOP');
    await expect(registry.get('Shop')).rejects.toMatchObject({ code: 'SANDBOX_NOT_FOUND' });
    await expect(registry.remove('Shop')).rejects.toMatchObject({ code: 'SANDBOX_NOT_FOUND' });
  });

  it('registers the first sandbox of a home that does not exist yet', async () => {
    const registry = new SandboxRegistry(join(home, 'fresh', 'home'));
    await registry.add(entry('shop'));
    expect((await registry.list()).map((sandbox) => sandbox.name)).toEqual(['shop']);
  });

  it('refuses a taken name (any case) or directory, and replaces only when asked', async () => {
    const registry = new SandboxRegistry(home);
    await registry.add(entry('shop'));
    await expect(registry.add(entry('SHOP', '/elsewhere'))).rejects.toMatchObject({ code: 'SANDBOX_EXISTS' });
    await expect(registry.add(entry('other', '/sandboxes/shop'))).rejects.toMatchObject({ code: 'SANDBOX_EXISTS', message: expect.stringContaining('belongs to sandbox "shop"') });
    await expect(registry.add({ ...entry('other', '/elsewhere'), project: 'shop' })).rejects.toMatchObject({ message: expect.stringContaining('Compose project "shop"') });
    await registry.add({ ...entry('shop'), template: 'api-testing' }, { replace: true });
    expect(await registry.list()).toEqual([{ ...entry('shop'), template: 'api-testing' }]);
  });

  it('loses no update when many writers race, and leaves no temporary or lock files', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `box-${i}`);
    await Promise.all(names.map((name) => new SandboxRegistry(home).add(entry(name))));
    expect((await new SandboxRegistry(home).list()).map((e) => e.name).sort()).toEqual([...names].sort());
    expect(await readdir(home)).toEqual(['sandboxes.json']);
  });

  it('reports a damaged file and never overwrites it', async () => {
    await writeFile(join(home, 'sandboxes.json'), '{"version": 1, "sandboxes": [{"name": ');
    const registry = new SandboxRegistry(home);
    await expect(registry.list()).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('damaged') });
    await expect(registry.add(entry('x'))).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await readFile(join(home, 'sandboxes.json'), 'utf8')).toBe('{"version": 1, "sandboxes": [{"name": ');
  });

  it('breaks a lock left by a process that died', async () => {
    await writeFile(join(home, 'sandboxes.json.lock'), '999999999');
    await new SandboxRegistry(home).add(entry('after-crash'));
    expect((await new SandboxRegistry(home).list()).map((e) => e.name)).toEqual(['after-crash']);
  });
});
