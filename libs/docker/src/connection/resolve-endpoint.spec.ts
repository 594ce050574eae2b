import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { resolveEndpoint } from './resolve-endpoint.js';

describe('resolveEndpoint', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const servers: Server[] = [];
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    servers.splice(0).forEach((server) => server.close());
    await temp.remove();
  });

  async function listen(path: string): Promise<void> {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path, resolve));
  }

  async function writeContext(name: string, host: string, current: boolean): Promise<void> {
    const metaDir = join(temp.path, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    await mkdir(metaDir, { recursive: true });
    await writeFile(join(metaDir, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
    if (current) await writeFile(join(temp.path, '.docker', 'config.json'), JSON.stringify({ currentContext: name }));
  }

  it('prefers DOCKER_HOST over everything else', async () => {
    await writeContext('remote', 'tcp://10.0.0.1:2375', true);
    const endpoint = await resolveEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, configuredHost: 'unix:///cfg.sock', homeDir: temp.path });
    expect(endpoint).toEqual({ address: 'tcp://127.0.0.1:2375', source: 'DOCKER_HOST' });
  });

  it('uses the configured host when DOCKER_HOST is unset', async () => {
    expect(await resolveEndpoint({ env: {}, configuredHost: 'unix:///cfg.sock', homeDir: temp.path })).toEqual({ address: 'unix:///cfg.sock', source: 'config' });
  });

  it('uses the active Docker context from config.json or DOCKER_CONTEXT', async () => {
    await writeContext('colima', 'unix:///home/u/.colima/docker.sock', true);
    await writeContext('other', 'ssh://me@build-box', false);
    expect(await resolveEndpoint({ env: {}, homeDir: temp.path, socketCandidates: [] })).toEqual({ address: 'unix:///home/u/.colima/docker.sock', source: 'docker-context' });
    expect(await resolveEndpoint({ env: { DOCKER_CONTEXT: 'other' }, homeDir: temp.path, socketCandidates: [] })).toEqual({ address: 'ssh://me@build-box', source: 'docker-context' });
  });

  it('ignores the default context and probes sockets in order, skipping non-sockets', async () => {
    await writeContext('default', 'unix:///ignored.sock', true);
    const notASocket = join(temp.path, 'plain-file.sock');
    await writeFile(notASocket, '');
    const rootless = join(temp.path, 'rootless.sock');
    await listen(rootless);
    const endpoint = await resolveEndpoint({ env: {}, homeDir: temp.path, socketCandidates: [join(temp.path, 'missing.sock'), notASocket, rootless] });
    expect(endpoint).toEqual({ address: `unix://${rootless}`, source: 'socket-probe' });
  });

  it('fails with DOCKER_UNAVAILABLE listing every place tried', async () => {
    const candidates = [join(temp.path, 'a.sock'), join(temp.path, 'b.sock')];
    await expect(resolveEndpoint({ env: {}, homeDir: temp.path, socketCandidates: candidates })).rejects.toMatchObject({
      code: 'DOCKER_UNAVAILABLE',
      message: expect.stringContaining(candidates[1]!),
      details: { tried: expect.arrayContaining(['DOCKER_HOST', 'docker context', ...candidates]) },
    });
  });
});
