import type { IncomingMessage } from 'node:http';
import type { ApiKeyStore, ApiKeyView } from '../auth/api-key-store.js';
import type { KeyScope } from '../auth/api-key-store.js';
import { scopeAllows } from '../auth/scopes.js';
import { isLoopback, type HttpConfig } from '../config/http-config.js';
import { RateLimiter, rateLimitHeaders, type RateDecision } from '../limits/rate-limiter.js';
import { HttpError } from './http-io.js';

/** Who is calling: the API key (null when the server runs without keys) and the scope it grants. */
export interface Caller {
  readonly key: ApiKeyView | null;
  readonly scope: KeyScope;
  readonly address: string;
}

/**
 * Refuses requests whose Host is not this server's (DNS rebinding: a web page on another name that resolves to
 * 127.0.0.1) and browser requests from origins not configured, before anything else is looked at.
 */
export function checkHostAndOrigin(req: IncomingMessage, config: HttpConfig): void {
  const host = req.headers.host;
  if (!host || !hostAllowed(host, config)) {
    throw new HttpError(403, 'PERMISSION_DENIED', `Host ${JSON.stringify(host ?? '')} is not one this server answers to.`, 'Call it by the address it listens on, or add the name to http.allowedHosts.');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !config.allowedOrigins.includes(origin) && !sameOrigin(origin, host, config)) {
    throw new HttpError(403, 'PERMISSION_DENIED', `Origin ${JSON.stringify(origin)} is not allowed.`, 'Add the origin to http.allowedOrigins to call OrcaOps from that web page.');
  }
}

/**
 * A page of this very server (same scheme and Host, which was checked just before) may call it: only OrcaOps
 * serves pages here, and job output is downloaded sandboxed, so such a page has an opaque origin, not this one.
 */
function sameOrigin(origin: string, host: string, config: HttpConfig): boolean {
  try {
    const url = new URL(origin);
    return url.host === host.toLowerCase() && url.protocol === (config.tls ? 'https:' : 'http:');
  } catch {
    return false;
  }
}

function hostAllowed(hostHeader: string, config: HttpConfig): boolean {
  const name = hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return isLoopback(name) || config.allowedHosts.some((allowed) => allowed.toLowerCase() === name || allowed.toLowerCase() === hostHeader.toLowerCase());
}

/**
 * The API key of a request: `Authorization: Bearer <key>`, else the configured header. Another Authorization
 * scheme (e.g. Basic, which a proxy in front may use) does not hide a key in the header.
 */
export function presentedKey(req: IncomingMessage, config: HttpConfig): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  const header = req.headers[config.apiKeyHeader.toLowerCase()];
  if (typeof header === 'string') return header.trim();
  return /^bearer\b/i.test(req.headers.authorization ?? '') ? '' : null;
}

/** Authenticates a request; without keys (`--no-auth`, loopback only) every caller is admin. */
export async function authenticate(req: IncomingMessage, config: HttpConfig, keys: ApiKeyStore | null, address: string): Promise<Caller> {
  if (!keys) return { key: null, scope: 'admin', address };
  const token = presentedKey(req, config);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="orcaops"' };
  if (token === null) {
    throw new HttpError(401, 'PERMISSION_DENIED', 'This call needs an API key.', `Send it as "Authorization: Bearer <key>" or in the ${config.apiKeyHeader} header; "orcaops keys create" makes one.`, challenge);
  }
  const verdict = await keys.verify(token);
  if (!verdict.ok) {
    const why = verdict.reason === 'revoked' ? 'has been revoked' : 'is not a valid OrcaOps API key';
    throw new HttpError(401, 'PERMISSION_DENIED', `The API key ${why}.`, 'Use a current key ("orcaops keys list" shows them, "orcaops keys create" makes one).', challenge);
  }
  return { key: verdict.key, scope: verdict.key.scope, address };
}

/** Refuses a call the caller's scope does not cover. */
export function checkScope(caller: Caller, need: KeyScope, what: string): void {
  if (scopeAllows(caller.scope, need)) return;
  throw new HttpError(403, 'PERMISSION_DENIED', `${what} needs a key with scope "${need}"; this key has "${caller.scope}".`, `Use a key created with --scope ${need}.`);
}

/**
 * Rate limits per client address (counted before authentication, so guessing keys costs too) and per API key, and
 * the places for calls and for long-lived streams.
 */
export class CallLimits {
  private readonly perKey: RateLimiter;
  private readonly perAddress: RateLimiter;
  private readonly active = { call: 0, stream: 0 };

  constructor(private readonly config: HttpConfig) {
    const windowMs = config.rateLimit.windowSeconds * 1000;
    this.perKey = new RateLimiter({ limit: config.rateLimit.perKey, windowMs });
    this.perAddress = new RateLimiter({ limit: config.rateLimit.perAddress, windowMs });
  }

  /** Counts a request from `address`; returns its rate-limit headers, or throws 429 with them. */
  admitAddress(address: string): Record<string, string> {
    return this.decide(this.perAddress.take(address), 'this address');
  }

  /** Counts a call made with `key`; returns its rate-limit headers, or throws 429 with them. */
  admitKey(keyId: string): Record<string, string> {
    return this.decide(this.perKey.take(keyId), 'this API key');
  }

  private decide(decision: RateDecision, who: string): Record<string, string> {
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      throw new HttpError(429, 'LIMIT_EXCEEDED', `Too many calls from ${who}: ${decision.limit} per ${this.config.rateLimit.windowSeconds} s.`, `Wait ${decision.retryAfterSeconds} s (Retry-After) and call again.`, headers);
    }
    return headers;
  }

  /**
   * Holds a place until `release` is called; throws 503 when none is free. Streams (live logs, MCP event streams)
   * have places of their own, so an open stream never keeps calls out.
   */
  enter(kind: 'call' | 'stream'): () => void {
    const max = kind === 'call' ? this.config.maxConcurrent : this.config.maxStreams;
    if (this.active[kind] >= max) {
      const what = kind === 'call' ? 'calls at once (http.maxConcurrent)' : 'open streams (http.maxStreams)';
      throw new HttpError(503, 'LIMIT_EXCEEDED', `The server is at its limit of ${max} ${what}.`, 'Retry in a second (Retry-After).', { 'Retry-After': '1' });
    }
    this.active[kind]++;
    let released = false;
    return () => {
      if (!released) this.active[kind]--;
      released = true;
    };
  }
}
