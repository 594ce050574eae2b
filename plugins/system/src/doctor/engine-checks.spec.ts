import { describe, expect, it } from '@jest/globals';
import { OrcaError, type EngineInfo } from '@orcaops/plugin-api';
import { FakeDockerService } from '@orcaops/testing';
import { engineFinding, runtimeFinding } from './engine-checks.js';
import type { EngineOutcome } from './doctor-inputs.js';

async function answered(engine: Partial<EngineInfo> = {}): Promise<EngineOutcome> {
  const docker = new FakeDockerService();
  docker.engine = engine;
  return { ok: true, info: await docker.info() };
}
const failed = (error: unknown): EngineOutcome => ({ ok: false, error });

describe('docker.engine', () => {
  it('names the endpoint that answered, where it came from, and the engine and API versions', async () => {
    const finding = engineFinding(await answered({ serverVersion: '27.1.1', apiVersion: '1.46', endpoint: { address: 'unix:///var/run/docker.sock', source: 'DOCKER_HOST' } }));
    expect(finding).toMatchObject({ id: 'docker.engine', status: 'ok', fix: null });
    expect(finding.detail).toBe('Docker 27.1.1 (API 1.46, linux/x86_64) at unix:///var/run/docker.sock, from DOCKER_HOST.');
  });

  it('lists every address tried when no socket exists, with how to start an engine', () => {
    const error = new OrcaError('DOCKER_UNAVAILABLE', 'No Docker engine found: DOCKER_HOST is not set, no Docker context is active, and none of these sockets exists: /var/run/docker.sock, /home/u/.colima/default/docker.sock.', {
      details: { tried: ['DOCKER_HOST', 'config docker.host', 'docker context', '/var/run/docker.sock', '/home/u/.colima/default/docker.sock'] },
    });
    const finding = engineFinding(failed(error));
    expect(finding.status).toBe('problem');
    expect(finding.detail).toContain('Tried: DOCKER_HOST, config docker.host, docker context, /var/run/docker.sock, /home/u/.colima/default/docker.sock.');
    expect(finding.fix).toMatch(/systemctl start docker.*DOCKER_HOST/);
  });

  it('sends a permission failure to the docker group', () => {
    const finding = engineFinding(failed(new OrcaError('PERMISSION_DENIED', 'Permission denied connecting to the Docker engine at unix:///var/run/docker.sock (from socket-probe).')));
    expect(finding).toMatchObject({ status: 'problem', fix: expect.stringContaining('usermod -aG docker') });
  });

  it('tells a refused connection from a missing socket', () => {
    const at = (code: string) =>
      engineFinding(failed(new OrcaError('DOCKER_UNAVAILABLE', `The Docker engine at unix:///x.sock (from DOCKER_HOST) does not answer (${code}) while reading engine info.`, { details: { tried: ['unix:///x.sock'] } })));
    expect(at('ECONNREFUSED').fix).toMatch(/^Nothing listens/);
    expect(at('ENOENT').fix).toMatch(/^The socket file does not exist/);
    expect(at('ENOENT').detail).toContain('Tried: unix:///x.sock.');
  });

  it('passes on the Docker layer\'s own advice for an engine that does not answer in time', () => {
    const error = new OrcaError('DOCKER_UNAVAILABLE', 'accepted the connection but did not answer within 5 s', { suggestion: 'raise docker.timeouts.readMs' });
    expect(engineFinding(failed(error)).fix).toBe('raise docker.timeouts.readMs');
  });
});

describe('docker.runtime', () => {
  it('is not reported when the engine did not answer', () => {
    expect(runtimeFinding(failed(new Error('down')))).toBeNull();
  });

  it('recognises rootless Docker, Docker Desktop and Colima from what the engine reports', async () => {
    expect(runtimeFinding(await answered({ securityOptions: ['name=seccomp,profile=builtin', 'name=rootless'] }))).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^rootless Docker/) });
    expect(runtimeFinding(await answered({ endpoint: { address: 'unix:///run/user/1000/docker.sock', source: 'socket-probe' } }))!.detail).toMatch(/^rootless Docker/);
    expect(runtimeFinding(await answered({ os: 'Docker Desktop' }))!.detail).toMatch(/^Docker Desktop/);
    expect(runtimeFinding(await answered({ endpoint: { address: 'unix:///Users/u/.colima/default/docker.sock', source: 'socket-probe' } }))!.detail).toMatch(/^Colima/);
    expect(runtimeFinding(await answered({ os: 'Debian GNU/Linux 12 (bookworm)' }))).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^Docker Engine on Debian/) });
  });

  it('warns about Podman, and refuses Windows containers', async () => {
    expect(runtimeFinding(await answered({ platformName: 'Podman Engine' }))).toMatchObject({ status: 'warn', fix: expect.stringContaining('Docker Engine') });
    expect(runtimeFinding(await answered({ components: ['Podman Engine'] }))!.status).toBe('warn');
    expect(runtimeFinding(await answered({ osType: 'windows', os: 'Windows Server 2022' }))).toMatchObject({ status: 'problem', fix: expect.stringContaining('Linux containers') });
  });
});
