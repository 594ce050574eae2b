import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { loadConfig } from './load-config.js';

describe('docker.timeouts in orcaops.config.json', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('passes the engine deadlines on, and leaves them out when not configured', async () => {
    expect((await loadConfig({ cwd: temp.path, env: {} })).dockerTimeouts).toBeUndefined();
    await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ docker: { timeouts: { readMs: 2000, streamStartMs: 0 } } }));
    expect((await loadConfig({ cwd: temp.path, env: {} })).dockerTimeouts).toEqual({ readMs: 2000, streamStartMs: 0 });
  });

  it('rejects an unknown kind and a negative deadline', async () => {
    await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ docker: { timeouts: { readMS: 2000 } } }));
    await expect(loadConfig({ cwd: temp.path, env: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ docker: { timeouts: { readMs: -1 } } }));
    await expect(loadConfig({ cwd: temp.path, env: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
