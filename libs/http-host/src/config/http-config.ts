import { isAbsolute, join, resolve } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';
import { z } from 'zod';
import { ToolSelectionSchema } from '@orcaops/kernel';

export { TOOL_PRESETS, ToolSelectionSchema, type ToolPreset, type ToolSelection } from '@orcaops/kernel';

/** The addresses that only this machine can reach; anything else needs API keys and `allowedHosts`. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

/** The `http` section of orcaops.config.json, every field optional. */
export const HttpConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Address to listen on; anything but loopback needs API keys and allowedHosts.'),
  port: z.number().int().min(0).max(65535).default(8787).describe('Port to listen on; 0 = any free port.'),
  publicUrl: z.url({ protocol: /^https?$/ }).optional().describe('The URL clients reach the server at (behind a proxy, the proxy\'s); OpenAPI names it as the server.'),
  allowedHosts: z.array(z.string().min(1)).default([]).describe('Host header values accepted besides the loopback names (DNS rebinding protection); needed off loopback.'),
  allowedOrigins: z.array(z.string().min(1)).default([]).describe('Browser origins allowed to call (CORS and the MCP Origin check); none by default.'),
  apiKeyHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default('X-API-Key').describe('A header that carries the API key, besides Authorization: Bearer.'),
  tls: z.strictObject({ cert: z.string().min(1).describe('Certificate (PEM file).'), key: z.string().min(1).describe('Private key (PEM file).') }).optional().describe('HTTPS with this certificate and key (PEM files).'),
  rateLimit: z
    .strictObject({
      perKey: z.number().int().min(1).default(600).describe('Calls per window for one API key.'),
      perAddress: z.number().int().min(1).default(1200).describe('Calls per window from one client address (whatever the key).'),
      windowSeconds: z.number().int().min(1).max(3600).default(60).describe('Length of the rate-limit window, in seconds.'),
    })
    .prefault({})
    .describe('Rate limits per API key and per client address; past them calls are answered 429 with Retry-After.'),
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024).describe('Largest request body; a larger one is refused with 413 before it is read.'),
  maxConcurrent: z.number().int().min(1).max(10_000).default(64).describe('Calls served at once; more are answered 503 with Retry-After.'),
  maxStreams: z.number().int().min(1).max(10_000).default(32).describe('Live log streams and MCP event streams open at once (they do not take call places).'),
  maxReplyBytes: z.number().int().min(4096).max(4 * 1024 * 1024).default(96 * 1024).describe('Largest REST answer in bytes: GPT Actions refuse answers over 100,000 characters, so the default stays below. Only lowers the reply limits of replies.'),
  trustProxy: z.boolean().default(false).describe('Behind a reverse proxy: take the client address from the last X-Forwarded-For entry (the one the proxy added), for the per-address rate limit and the audit log. Only set it when the proxy is the only way in.'),
  timeouts: z
    .strictObject({
      headersMs: z.number().int().min(1000).max(600_000).default(10_000).describe('Time a client has to send the request headers.'),
      requestMs: z.number().int().min(1000).max(3_600_000).default(60_000).describe('Time a client has to send the whole request.'),
      idleMs: z.number().int().min(1000).max(600_000).default(5_000).describe('An idle keep-alive connection is closed after this.'),
    })
    .prefault({})
    .describe('Deadlines for clients sending requests and for idle connections.'),
  callTimeoutSeconds: z.number().int().min(1).max(3600).default(40).describe('Longest a REST call may take before it answers (GPT Actions give up at 45 s): waits that tools declare (wait_seconds) are capped to it, and a call still running then answers 504.'),
  tools: ToolSelectionSchema.prefault({}).describe('The tools HTTP clients see (REST, OpenAPI and /mcp alike).'),
  mcp: z
    .strictObject({
      stateless: z.boolean().default(false).describe('Answer each /mcp request on its own, without sessions (for load balancers and serverless).'),
      sessionIdleSeconds: z.number().int().min(10).max(86_400).default(1800).describe('A session unused this long is closed.'),
      maxSessionsPerKey: z.number().int().min(1).max(1000).default(16).describe('Sessions one API key holds at once; opening another closes that key\'s least recently used one.'),
    })
    .prefault({})
    .describe('Remote MCP at /mcp.'),
  audit: z
    .strictObject({
      maxBytes: z.number().int().min(4096).max(1024 * 1024 * 1024).default(10 * 1024 * 1024).describe('The audit log is rotated when it reaches this size.'),
      keep: z.number().int().min(1).max(100).default(5).describe('Rotated files kept (audit.log.1 … audit.log.N).'),
    })
    .prefault({})
    .describe('The HTTP request log, <home>/http/audit.log (API key, client address, route).'),
});

/** The HTTP host's settings, resolved: defaults filled, paths absolute. */
export type HttpConfig = z.infer<typeof HttpConfigSchema> & {
  /** `<ORCAOPS_HOME>/http`: keys.json and the audit log. */
  readonly stateDir: string;
};

/** Where the API keys are kept (hashes only). */
export const keysFile = (stateDir: string): string => join(stateDir, 'keys.json');
/** Where every HTTP call is recorded. */
export const auditFile = (stateDir: string): string => join(stateDir, 'audit.log');

/**
 * Validates the configuration's `http` section and resolves it against the OrcaOps home and the directory of the
 * configuration file (for TLS paths).
 * @throws OrcaError `CONFIG_INVALID` naming the field.
 */
export function resolveHttpConfig(section: unknown, context: { readonly home: string; readonly configFile: string | null; readonly cwd: string }): HttpConfig {
  const parsed = HttpConfigSchema.safeParse(section ?? {});
  if (!parsed.success) {
    const where = context.configFile ?? 'the configuration';
    const issues = parsed.error.issues.map((issue) => `${['http', ...issue.path].join('.')}: ${issue.message}`).join('; ');
    throw new OrcaError('CONFIG_INVALID', `${where} is invalid: ${issues}`, { suggestion: 'Fix the http section of orcaops.config.json (docs/http.md lists its fields).' });
  }
  const base = context.configFile ? resolve(context.configFile, '..') : context.cwd;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const config = parsed.data;
  return {
    ...config,
    ...(config.tls ? { tls: { cert: absolute(config.tls.cert), key: absolute(config.tls.key) } } : {}),
    stateDir: join(context.home, 'http'),
  };
}

/** Whether `host` is an address only this machine reaches. */
export function isLoopback(host: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}
