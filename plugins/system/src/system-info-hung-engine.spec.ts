import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ComposeService, HostInfo } from '@orcaops/plugin-api';
import { DockerodeService } from '@orcaops/docker';
import { callToolData, silentLogger, startHungEngine } from '@orcaops/testing';
import { createSystemInfoTool } from './system-info.tool.js';

const host: HostInfo = { version: '9.9.9', home: '/nonexistent/orcaops-home', configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [] }) };
const noCompose: ComposeService = { detect: async () => null, run: async () => Promise.reject(new Error('no compose')) };

describe('orcaops_system_info with an engine that accepts connections and never answers', () => {
  let engine: Awaited<ReturnType<typeof startHungEngine>>;
  beforeAll(async () => {
    engine = await startHungEngine();
  });
  afterAll(() => engine.close());

  it('answers with docker unavailable and what to check, instead of hanging', async () => {
    const docker = new DockerodeService({ env: { DOCKER_HOST: engine.address }, timeouts: { readMs: 100 } }, silentLogger);
    const tool = createSystemInfoTool({ docker, compose: noCompose, host });
    const result = await callToolData(tool, {});
    expect(engine.requests()).toBeGreaterThan(0);
    expect(result.docker).toEqual({
      available: false,
      error: { code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining('did not answer'), suggestion: expect.stringContaining('docker.timeouts.readMs') },
    });
  });
});
