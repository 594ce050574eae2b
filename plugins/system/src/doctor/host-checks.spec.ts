import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostInfo } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { composeFinding, configFinding, diskFinding, homeFinding, pluginsFinding, DISK_PROBLEM_BYTES, DISK_WARN_BYTES } from './host-checks.js';
import { MIN_NODE_VERSION, nodeFinding } from '@orcaops/contracts';

const host = (fields: Partial<HostInfo> = {}): HostInfo => ({ version: '9.9.9', home: '/h', configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [] }), ...fields });
const plugin = (id: string) => ({ id, source: `@x/${id}`, version: '1.0.0', builtin: id === 'system', tools: [] });

describe('node', () => {
  it('accepts the minimum and later, and names the fix for older versions', () => {
    expect(nodeFinding(MIN_NODE_VERSION).status).toBe('ok');
    expect(nodeFinding('22.3.0').status).toBe('ok');
    expect(nodeFinding('20.18.3')).toMatchObject({ status: 'problem', fix: expect.stringContaining('Node.js 20.19+ or 22+') });
    expect(nodeFinding('18.20.0').status).toBe('problem');
    expect(nodeFinding(process.versions.node).detail).toContain(process.versions.node);
  });
});

describe('compose', () => {
  it('is ok with v2, warns with v1 or none', () => {
    expect(composeFinding({ flavor: 'v2', command: ['docker', 'compose'], version: '2.29.1' })).toMatchObject({ status: 'ok', detail: '`docker compose` 2.29.1.' });
    expect(composeFinding({ flavor: 'v1', command: ['docker-compose'], version: '1.29.2' })).toMatchObject({ status: 'warn', fix: expect.stringContaining('docker-compose-plugin') });
    expect(composeFinding(null)).toMatchObject({ status: 'warn', detail: expect.stringContaining('sandboxes cannot start') });
  });
});

describe('home.writable', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir('orcaops-doctor-home-');
  });
  afterEach(() => dir.remove());

  it('is ok for a writable home, and for one that can still be created', async () => {
    expect(await homeFinding(dir.path)).toMatchObject({ status: 'ok', title: 'ORCAOPS_HOME is writable' });
    expect(await homeFinding(join(dir.path, 'not', 'yet'))).toMatchObject({ status: 'ok', title: 'ORCAOPS_HOME can be created' });
  });

  it('is a problem when the home is a file', async () => {
    await writeFile(join(dir.path, 'file'), '');
    expect(await homeFinding(join(dir.path, 'file'))).toMatchObject({ status: 'problem', title: 'ORCAOPS_HOME is not a directory' });
  });
});

describe('home.disk', () => {
  const disk = (free: number) => ({ path: '/h', free_bytes: free, total_bytes: 100 * DISK_WARN_BYTES });
  it('grades free space', () => {
    expect(diskFinding(disk(DISK_WARN_BYTES)).status).toBe('ok');
    expect(diskFinding(disk(DISK_WARN_BYTES - 1))).toMatchObject({ status: 'warn', fix: expect.stringContaining('orcaops_cleanup_runs') });
    expect(diskFinding(disk(DISK_PROBLEM_BYTES - 1)).status).toBe('problem');
    expect(diskFinding(null).status).toBe('warn');
  });
});

describe('config and plugins', () => {
  it('says which configuration is in use', () => {
    expect(configFinding(host({ configFile: '/p/orcaops.config.json' }))).toMatchObject({ status: 'ok', detail: '/p/orcaops.config.json is valid.' });
    expect(configFinding(host()).detail).toContain('defaults');
  });

  it('lists loaded plugins, warns for a skipped third-party one and fails for a built-in', () => {
    const loaded = [plugin('system'), plugin('jobs')];
    expect(pluginsFinding(host({ plugins: () => ({ loaded, failed: [] }) }))).toMatchObject({ status: 'ok', detail: '2 plugins loaded (system, jobs).' });
    const thirdParty = pluginsFinding(host({ plugins: () => ({ loaded, failed: [{ source: '@acme/images', builtin: false, error: 'apiVersion 2 is not supported' }] }) }));
    expect(thirdParty).toMatchObject({ status: 'warn', title: '1 plugin skipped', detail: expect.stringContaining('@acme/images: apiVersion 2 is not supported') });
    const builtin = pluginsFinding(host({ plugins: () => ({ loaded, failed: [{ source: '@orcaops/plugin-runs', builtin: true, error: 'boom' }] }) }));
    expect(builtin.status).toBe('problem');
  });

  it('names only the first few of many skipped plugins', () => {
    const failed = Array.from({ length: 40 }, (_, n) => ({ source: `p${n}`, builtin: false, error: 'x'.repeat(500) }));
    const finding = pluginsFinding(host({ plugins: () => ({ loaded: [], failed }) }));
    expect(finding.detail).toContain('and 37 more');
    expect(finding.detail.length).toBeLessThanOrEqual(600);
  });
});
