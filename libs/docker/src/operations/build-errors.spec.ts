import { describe, expect, it } from '@jest/globals';
import { baseImageOf, buildEventError, buildRequestError, stepOf } from './build-errors.js';

const engineError = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: null });

describe('build errors', () => {
  it('reads step headers and base images', () => {
    expect(stepOf('Step 2/5 : RUN make all')).toEqual({ current: 2, total: 5, instruction: 'RUN make all' });
    expect(stepOf(' ---> Running in abc')).toBeNull();
    expect(baseImageOf('FROM --platform=linux/amd64 node:22 AS build')).toBe('node:22');
    expect(baseImageOf('from alpine')).toBe('alpine');
    expect(baseImageOf('RUN make')).toBeNull();
  });

  it('gives a failing command DOCKER_ERROR with its exit code and step', () => {
    const error = buildEventError("The command '/bin/sh -c make' returned a non-zero code: 2", 2, { current: 3, total: 4, instruction: 'RUN make' });
    expect(error).toMatchObject({ code: 'DOCKER_ERROR', message: expect.stringContaining('step 3/4 (RUN make)'), details: { exitCode: 2, step: '3/4', instruction: 'RUN make' } });
    expect(error.suggestion).toContain('build log');
  });

  it('classifies a failure in a FROM step as a pull failure of the base image', () => {
    const step = { current: 1, total: 2, instruction: 'FROM reg.example/team/app:1' };
    expect(buildEventError('manifest for reg.example/team/app:1 not found: manifest unknown', undefined, step)).toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      details: { registry: 'reg.example', image: 'reg.example/team/app:1', step: '1/2' },
    });
    expect(buildEventError('dial tcp 10.0.0.1:443: connect: connection refused', undefined, step)).toMatchObject({ code: 'IMAGE_PULL_FAILED' });
    expect(buildEventError('something else', undefined, null)).toMatchObject({ code: 'DOCKER_ERROR', message: expect.stringContaining('the start of the build') });
  });

  it('turns the engine refusing the request into VALIDATION_ERROR, and leaves other failures to the general mapping', () => {
    expect(buildRequestError(engineError(400, 'dockerfile parse error line 2: unknown instruction: FOO'), 'Dockerfile')).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('line 2') });
    expect(buildRequestError(engineError(500, 'Cannot locate specified Dockerfile: x'), 'x')).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('no Dockerfile x') });
    expect(buildRequestError(engineError(500, 'invalid reference format: repository name must be lowercase'), 'Dockerfile')).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(buildRequestError(engineError(500, 'disk full'), 'Dockerfile')).toBeNull();
    expect(buildRequestError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'Dockerfile')).toBeNull();
  });
});
