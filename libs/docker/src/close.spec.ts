import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '@orcaops/testing';
import { DockerodeService } from './dockerode-service.js';

describe('DockerodeService.close', () => {
  it('refuses every later call instead of connecting again, so a host that is shutting down stays shut', async () => {
    const docker = new DockerodeService({ env: { DOCKER_HOST: 'unix:///nonexistent/orcaops-close-test.sock' } }, silentLogger);
    await docker.close();
    await expect(docker.ping()).rejects.toMatchObject({ code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining('shutting down') });
    await expect(docker.listContainers()).rejects.toMatchObject({ code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining('shutting down') });
  });
});
