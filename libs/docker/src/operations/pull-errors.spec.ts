import { describe, expect, it } from '@jest/globals';
import { classifyPullError, registryOf } from './pull-errors.js';

describe('registryOf', () => {
  it.each([
    ['alpine', 'docker.io'],
    ['library/alpine:3', 'docker.io'],
    ['ghcr.io/org/app:1', 'ghcr.io'],
    ['127.0.0.1:5000/x/y:t', '127.0.0.1:5000'],
    ['localhost/x', 'localhost'],
    ['registry.local:5000/x@sha256:abc', 'registry.local:5000'],
  ])('%s → %s', (ref, registry) => expect(registryOf(ref)).toBe(registry));
});

describe('classifyPullError', () => {
  it.each([
    'manifest for 127.0.0.1:5055/x:missing not found: manifest unknown: manifest unknown',
    "pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    'repository nope not found: name unknown',
  ])('maps "%s" to IMAGE_NOT_FOUND', (message) => {
    expect(classifyPullError('nope:1', message)).toMatchObject({ code: 'IMAGE_NOT_FOUND', message: expect.stringContaining(message) });
  });

  it.each([
    'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
    'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout',
  ])('maps an unreachable registry (%s) to IMAGE_PULL_FAILED naming the registry', (message) => {
    const error = classifyPullError('ghcr.io/org/app:1', message);
    expect(error).toMatchObject({ code: 'IMAGE_PULL_FAILED', details: { registry: 'ghcr.io', image: 'ghcr.io/org/app:1' } });
    expect(error.message).toContain('Could not reach registry ghcr.io');
    expect(error.suggestion).toContain('ghcr.io');
  });

  it('maps anything else to IMAGE_PULL_FAILED with the engine message', () => {
    expect(classifyPullError('a:1', 'toomanyrequests: You have reached your pull rate limit')).toMatchObject({
      code: 'IMAGE_PULL_FAILED',
      message: expect.stringContaining('pull rate limit'),
    });
  });
});
