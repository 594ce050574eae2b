import { describe, expect, it } from '@jest/globals';
import { OrcaError } from '@orcaops/plugin-api';
import { engineMessageOf, isUnreachable, mapDockerError } from './map-docker-error.js';

const endpoint = { address: 'unix:///var/run/docker.sock', source: 'socket-probe' as const };
const errno = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const http = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode})`), { statusCode, json: { message } });
/** What dockerode throws for a streaming call: no `json`, the engine's message only inside `message`. */
const streamHttp = (statusCode: number, reason: string, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${reason} - ${message} `), { statusCode, reason, json: null });

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

  it('says plainly that a container is not running when a call needs it running (409)', () => {
    const context = { endpoint, action: 'running a command in container abc', containerId: 'abc' };
    expect(mapDockerError(http(409, 'Container 63720b43 is not running'), context)).toMatchObject({
      code: 'CONFLICT',
      message: 'Container abc is not running, so running a command in container abc is not possible.',
      suggestion: expect.stringContaining('Start the container first'),
    });
    const paused = streamHttp(409, 'container stopped/paused', 'Container abc is paused, unpause the container before exec');
    expect(mapDockerError(paused, context)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is not running (it is paused)'), suggestion: expect.stringContaining('unpause') });
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

  it('reads the engine message of streaming calls out of the error text', () => {
    expect(engineMessageOf(streamHttp(404, 'no such container', 'Could not find the file /x in container abc'))).toBe('Could not find the file /x in container abc');
    expect(engineMessageOf(http(500, 'disk full'))).toBe('disk full');
  });

  it('tells a missing path from a missing container on archive calls, by the engine message', () => {
    const context = { endpoint, action: 'copying', containerId: 'abc', path: '/x' };
    expect(mapDockerError(streamHttp(404, 'no such container', 'Could not find the file /x in container abc'), context)).toMatchObject({ code: 'NOT_FOUND', details: { path: '/x' } });
    expect(mapDockerError(streamHttp(404, 'no such container', 'No such container: abc'), context).code).toBe('CONTAINER_NOT_FOUND');
  });

  it('maps "No such image" on create to IMAGE_NOT_FOUND with a suggestion naming the image', () => {
    const mapped = mapDockerError(http(404, 'No such image: nope:1'), { endpoint, action: 'creating', image: 'nope:1' });
    expect(mapped).toMatchObject({ code: 'IMAGE_NOT_FOUND', suggestion: expect.stringContaining('docker pull nope:1') });
  });

  it('classifies engine failures of a pull, but leaves socket failures and aborts alone', () => {
    const context = { endpoint, action: 'pulling', pull: '127.0.0.1:1/x:1' };
    const refused = streamHttp(500, 'server error', 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused');
    expect(mapDockerError(refused, context)).toMatchObject({ code: 'IMAGE_PULL_FAILED', details: { registry: '127.0.0.1:1' } });
    expect(mapDockerError(streamHttp(404, 'unexpected', 'manifest unknown'), context).code).toBe('IMAGE_NOT_FOUND');
    expect(mapDockerError(errno('ECONNREFUSED'), context).code).toBe('DOCKER_UNAVAILABLE');
    expect(mapDockerError(Object.assign(new Error('aborted'), { name: 'AbortError' }), context).code).toBe('CANCELLED');
  });
});
