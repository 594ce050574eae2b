import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '@orcaops/testing';
import { resolveComposeFile, resolveSandboxDirectory } from './sandbox-paths.js';

describe('sandbox paths', () => {
  let root: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ path: root, remove } = await makeTempDir('orcaops-paths-')));
  afterEach(() => remove());

  it('accepts directories under a root, existing or not, and refuses others, also through symlinks', async () => {
    expect(await resolveSandboxDirectory(join(root, 'a', 'b'), [root])).toBe(join(root, 'a', 'b'));
    await expect(resolveSandboxDirectory('/etc/x', [root])).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(resolveSandboxDirectory(join(root, '..', 'x'), [root])).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await symlink('/etc', join(root, 'link'));
    await expect(resolveSandboxDirectory(join(root, 'link', 'x'), [root])).rejects.toMatchObject({ code: 'INVALID_PATH' });
  });

  it('finds the compose file by compose naming order and keeps it inside the directory', async () => {
    await mkdir(join(root, 'p', 'sub'), { recursive: true });
    await writeFile(join(root, 'p', 'docker-compose.yml'), 'services: {}\n');
    expect(await resolveComposeFile(join(root, 'p'))).toBe('docker-compose.yml');
    await writeFile(join(root, 'p', 'compose.yaml'), 'services: {}\n');
    expect(await resolveComposeFile(join(root, 'p'))).toBe('compose.yaml');
    await writeFile(join(root, 'p', 'sub', 'c.yml'), 'services: {}\n');
    expect(await resolveComposeFile(join(root, 'p'), 'sub/c.yml')).toBe(join('sub', 'c.yml'));

    await writeFile(join(root, 'outside.yml'), 'services: {}\n');
    await symlink(join(root, 'outside.yml'), join(root, 'p', 'link.yml'));
    await expect(resolveComposeFile(join(root, 'p'), 'link.yml')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(resolveComposeFile(join(root, 'p'), '../outside.yml')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(resolveComposeFile(join(root, 'p'), join(root, 'outside.yml'))).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(resolveComposeFile(join(root, 'p'), 'missing.yml')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resolveComposeFile(join(root, 'nope'))).rejects.toMatchObject({ code: 'DIR_NOT_FOUND' });
    await expect(resolveComposeFile(join(root, 'p', 'sub'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
