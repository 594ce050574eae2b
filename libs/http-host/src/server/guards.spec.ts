import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { resolveHttpConfig } from '../config/http-config.js';
import { CallLimits } from './guards.js';
import { clientAddress } from './http-io.js';

const request = (forwarded?: string) => ({ headers: forwarded ? { 'x-forwarded-for': forwarded } : {}, socket: { remoteAddress: '10.0.0.9' } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('is the socket address unless the proxy is trusted, then the entry the proxy added (the last)', () => {
    expect(clientAddress(request('1.2.3.4'), false)).toBe('10.0.0.9');
    expect(clientAddress(request('6.6.6.6, 1.2.3.4'), true)).toBe('1.2.3.4');
    expect(clientAddress(request(), true)).toBe('10.0.0.9');
  });
});

describe('CallLimits places', () => {
  it('keeps streams and calls apart, so open streams never keep calls out', () => {
    const limits = new CallLimits(resolveHttpConfig({ maxConcurrent: 1, maxStreams: 1 }, { home: '/tmp', configFile: null, cwd: '/tmp' }));
    const stream = limits.enter('stream');
    expect(() => limits.enter('stream')).toThrow(/1 streams open/);
    const call = limits.enter('call');
    expect(() => limits.enter('call')).toThrow(/1 calls open/);
    call();
    call();
    expect(() => limits.enter('call')()).not.toThrow();
    stream();
  });
});
