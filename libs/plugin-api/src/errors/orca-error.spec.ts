import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SUGGESTIONS, ERROR_CODES, isErrorCode } from './error-codes.js';
import { OrcaError, isOrcaError } from './orca-error.js';

describe('OrcaError', () => {
  it('carries code, message and the default suggestion, and serialises without cause or stack', () => {
    const error = new OrcaError('JOB_NOT_FOUND', 'No job "j1".', { cause: new Error('disk') });
    expect(error.toPayload()).toEqual({ code: 'JOB_NOT_FOUND', message: 'No job "j1".', suggestion: DEFAULT_SUGGESTIONS.JOB_NOT_FOUND });
  });

  it('keeps a given suggestion and details', () => {
    const error = new OrcaError('VALIDATION_ERROR', 'bad', { suggestion: 'do x', details: { path: 'a.b' } });
    expect(error.toPayload()).toEqual({ code: 'VALIDATION_ERROR', message: 'bad', suggestion: 'do x', details: { path: 'a.b' } });
  });

  it('is recognised across copies of the package by name and shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'OrcaError', toPayload: () => ({}) });
    expect(isOrcaError(foreign)).toBe(true);
    expect(isOrcaError(new Error('x'))).toBe(false);
  });

  it('has a suggestion for every code, and the specification codes are in the closed set', () => {
    for (const code of ERROR_CODES) expect(DEFAULT_SUGGESTIONS[code].length).toBeGreaterThan(10);
    for (const code of ['VALIDATION_ERROR', 'JOB_NOT_FOUND', 'SANDBOX_NOT_FOUND', 'CONTAINER_NOT_FOUND', 'RUN_NOT_FOUND', 'DOCKER_COMPOSE_NOT_FOUND']) {
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('SOMETHING_ELSE')).toBe(false);
  });
});
