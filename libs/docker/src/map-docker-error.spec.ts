import { describe, expect, it } from '@jest/globals';
import { OrcaError } from '@orcaops/plugin-api';
import { isUnreachable, mapDockerError } from './map-docker-error.js';

const endpoint = { address: 'unix:///var/run/docker.sock', source: 'socket-probe' as const };
const errno = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const http = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode})`), { statusCode, json: { message } });

describe('mapDockerError', () => {
  it.each([
    ['ECONNREFUSED', 'DOCKER_UNAVAILABLE'],
    ['ENOENT', 'DOCKER_UNAVAILABLE'],
    ['EACCES', 'PERMISSION_DENIED'],
  ])('maps socket error %s to %s, naming the address', (code, expected) => {
    const mapped = mapDockerError(errno(code), { endpoint, action: 'listing containers' });
    expect(mapped).toMatchObject({ code: expected, message: expect.stringContaining(endpoint.address) });
  });

  it('maps 404 on a container to CONTAINER_NOT_FOUND and elsewhere to NOT_FOUND', () => {
    expect(mapDockerError(http(404, 'No such container: abc'), { endpoint, action: 'removing', containerId: 'abc' }).code).toBe('CONTAINER_NOT_FOUND');
    expect(mapDockerError(http(404, 'no such image'), { endpoint, action: 'inspecting image' }).code).toBe('NOT_FOUND');
  });

  it('maps 409 to CONFLICT and other statuses to DOCKER_ERROR with the engine message', () => {
    expect(mapDockerError(http(409, 'container is running'), { endpoint, action: 'removing' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('container is running') });
    expect(mapDockerError(http(500, 'disk full'), { endpoint, action: 'creating' })).toMatchObject({ code: 'DOCKER_ERROR', message: expect.stringContaining('disk full') });
  });

  it('maps an abort to CANCELLED and passes OrcaErrors through', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapDockerError(abort, { endpoint, action: 'pinging' }).code).toBe('CANCELLED');
    const original = new OrcaError('TIMEOUT', 'slow');
    expect(mapDockerError(original, { endpoint, action: 'x' })).toBe(original);
  });

  it('tells unreachable engines apart from refusals', () => {
    expect(isUnreachable(errno('ECONNREFUSED'))).toBe(true);
    expect(isUnreachable(http(500, 'x'))).toBe(false);
  });
});
