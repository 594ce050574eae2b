import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { clientOptionsFor } from './client-options.js';

describe('clientOptionsFor', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
    await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((file) => writeFile(join(temp.path, file), file)));
  });
  afterAll(() => temp.remove());

  it.each([
    ['unix:///var/run/docker.sock', {}, { socketPath: '/var/run/docker.sock' }],
    ['tcp://10.1.2.3:2375', {}, { protocol: 'http', host: '10.1.2.3', port: '2375' }],
    ['tcp://docker.local', {}, { protocol: 'http', host: 'docker.local', port: '2375' }],
    ['ssh://deploy@build-box:2222', {}, { protocol: 'ssh', host: 'build-box', port: '2222', username: 'deploy' }],
  ])('maps %s', (address, env, expected) => {
    expect(clientOptionsFor(address, env, temp.path)).toEqual(expected);
  });

  it('uses TLS with certificates from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY=1 or port 2376', () => {
    for (const [address, env] of [['tcp://h:2375', { DOCKER_TLS_VERIFY: '1' }], ['tcp://h:2376', {}]] as const) {
      const options = clientOptionsFor(address, { ...env, DOCKER_CERT_PATH: temp.path }, '/nowhere');
      expect(options).toMatchObject({ protocol: 'https', host: 'h' });
      expect(options.ca?.toString()).toBe('ca.pem');
      expect(options.key?.toString()).toBe('key.pem');
    }
  });

  it('explains missing TLS certificates and unknown address schemes', () => {
    expect(() => clientOptionsFor('tcp://h:2376', { DOCKER_CERT_PATH: join(temp.path, 'none') }, temp.path)).toThrow(
      expect.objectContaining({ code: 'DOCKER_UNAVAILABLE', suggestion: expect.stringContaining('DOCKER_CERT_PATH') }),
    );
    expect(() => clientOptionsFor('ftp://h', {}, temp.path)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
