import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { resolveHttpConfig } from '../config/http-config.js';
import { CallLimits, checkHostAndOrigin } from './guards.js';
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
    expect(() => limits.enter('stream')).toThrow(/limit of 1 open streams/);
    const call = limits.enter('call');
    expect(() => limits.enter('call')).toThrow(/limit of 1 calls at once/);
    call();
    call();
    expect(() => limits.enter('call')()).not.toThrow();
    stream();
  });
});

describe('checkHostAndOrigin', () => {
  const config = resolveHttpConfig({ allowedOrigins: ['https://app.example'] }, { home: '/tmp', configFile: null, cwd: '/tmp' });
  const req = (host: string, origin?: string) => ({ headers: { host, ...(origin ? { origin } : {}) } }) as unknown as IncomingMessage;

  it('accepts loopback names, configured origins and pages of this very server; refuses other hosts and origins', () => {
    expect(() => checkHostAndOrigin(req('127.0.0.1:8787'), config)).not.toThrow();
    expect(() => checkHostAndOrigin(req('localhost:8787', 'https://app.example'), config)).not.toThrow();
    expect(() => checkHostAndOrigin(req('127.0.0.1:8787', 'http://127.0.0.1:8787'), config)).not.toThrow();
    expect(() => checkHostAndOrigin(req('evil.example:8787'), config)).toThrow(/Host "evil.example:8787"/);
    expect(() => checkHostAndOrigin(req('127.0.0.1:8787', 'http://evil.example'), config)).toThrow(/Origin/);
    expect(() => checkHostAndOrigin(req('127.0.0.1:8787', 'https://127.0.0.1:8787'), config)).toThrow(/Origin/);
    expect(() => checkHostAndOrigin(req('127.0.0.1:8787', 'http://127.0.0.1:9999'), config)).toThrow(/Origin/);
  });
});
