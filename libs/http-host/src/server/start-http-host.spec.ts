import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { OrcaError, callTool, createReplyBudget, defineTool, type AnyToolDefinition } from '@orcaops/plugin-api';
import { makeTempDir, silentLogger } from '@orcaops/testing';
import { ApiKeyStore } from '../auth/api-key-store.js';
import { auditFile, resolveHttpConfig } from '../config/http-config.js';
import { startHttpHost, type HttpCore } from './start-http-host.js';

const TLS = fileURLToPath(new URL('../../test-fixtures/tls/', import.meta.url));

/** A catalog of two tools over the real `callTool` pipeline: one answers at once, one waits until released. */
function fakeCore(): { core: HttpCore; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const tools: AnyToolDefinition[] = [
    defineTool({
      name: 'demo_get_echo',
      title: 'Echo',
      description: 'Echoes its text.',
      category: 'demo',
      http: { method: 'GET', path: '/echo/{text}' },
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      annotations: { readOnlyHint: true },
      run: async ({ text }) => ({ text }),
    }),
    defineTool({
      name: 'demo_submit_work',
      title: 'Submit work',
      description: 'Always finds the queue full.',
      category: 'demo',
      input: z.object({}),
      output: z.object({}),
      annotations: { readOnlyHint: false },
      run: async () => {
        throw new OrcaError('LIMIT_EXCEEDED', '3 jobs are already waiting (limit 3).', { details: { retry_after_seconds: 5 } });
      },
    }),
    defineTool({
      name: 'demo_get_slow',
      title: 'Slow',
      description: 'Answers when the test lets it.',
      category: 'demo',
      input: z.object({}),
      output: z.object({ done: z.boolean() }),
      annotations: { readOnlyHint: true },
      run: async () => {
        await gate;
        return { done: true };
      },
    }),
  ];
  const core: HttpCore = {
    catalog: { entries: tools.map((tool) => ({ tool, pluginId: 'demo' })) },
    invoker: { invoke: (name, args, options) => callTool(tools.find((tool) => tool.name === name)!, args, { signal: options?.signal ?? new AbortController().signal, log: silentLogger, reply: createReplyBudget(65536, 65536) }) },
  };
  return { core, release };
}

describe('startHttpHost', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.remove());

  const config = (section: Record<string, unknown>) => resolveHttpConfig({ port: 0, ...section }, { home: temp.path, configFile: null, cwd: TLS });

  it('serves HTTPS with the configured certificate and key', async () => {
    const host = await startHttpHost({ core: fakeCore().core, config: config({ tls: { cert: 'cert.pem', key: 'key.pem' } }), version: '0', log: silentLogger, noAuth: true });
    try {
      expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(`${host.url}/v1/echo/hello%20there`, { ca: readFileSync(`${TLS}cert.pem`) }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toEqual({ success: true, text: 'hello there' });
    } finally {
      await host.close();
    }
  });

  it('refuses to listen beyond loopback without keys and allowed hosts, and never without auth', async () => {
    const { core } = fakeCore();
    const start = (section: Record<string, unknown>, noAuth = false) => startHttpHost({ core, config: config({ host: '0.0.0.0', ...section }), version: '0', log: silentLogger, noAuth });
    await expect(start({}, true)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('--no-auth is only allowed on a loopback address') });
    await expect(start({ allowedHosts: ['orcaops.example'] })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('needs at least one API key') });
    await new ApiKeyStore(config({}).stateDir).create('remote', 'read');
    await expect(start({})).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const host = await start({ allowedHosts: ['orcaops.example'] });
    await host.close();
    // Loopback behind a proxy that makes it public is exposed all the same.
    const behindProxy = (section: Record<string, unknown>) => startHttpHost({ core, config: config(section), version: '0', log: silentLogger, noAuth: true });
    await expect(behindProxy({ allowedHosts: ['orcaops.example'] })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('--no-auth is refused') });
    await expect(behindProxy({ publicUrl: 'https://orcaops.example' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('counts requests per address before the key is checked, and takes a key from the header beside another Authorization', async () => {
    const home = await makeTempDir();
    try {
      const settings = resolveHttpConfig({ port: 0, rateLimit: { perAddress: 3, perKey: 100 } }, { home: home.path, configFile: null, cwd: TLS });
      const { token } = await new ApiKeyStore(settings.stateDir).create('header', 'read');
      const host = await startHttpHost({ core: fakeCore().core, config: settings, version: '0', log: silentLogger });
      try {
        const url = `${host.url}/v1/echo/x`;
        expect((await fetch(url, { headers: { Authorization: 'Basic dXNlcjpwYXNz', 'X-API-Key': token } })).status).toBe(200);
        expect((await fetch(url, { headers: { 'X-API-Key': 'orcaops_000000000000_wrong' } })).status).toBe(401);
        expect((await fetch(url)).status).toBe(401);
        const refused = await fetch(url, { headers: { 'X-API-Key': token } });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      } finally {
        await host.close();
      }
    } finally {
      await home.remove();
    }
  });

  it('reports an unknown http key by its full name', () => {
    expect(() => resolveHttpConfig({ prot: 1 }, { home: temp.path, configFile: null, cwd: TLS })).toThrow(/http: Unrecognized key: "prot"|http\.prot/);
  });

  it('closes a connection whose headers never finish (a slow client cannot hold it)', async () => {
    const host = await startHttpHost({ core: fakeCore().core, config: config({ timeouts: { headersMs: 1000 } }), version: '0', log: silentLogger, noAuth: true });
    try {
      const { port } = new URL(host.url);
      const socket = connect(Number(port), '127.0.0.1');
      socket.write('GET /v1/echo/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      let answer = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
      await new Promise((resolve) => socket.on('close', resolve));
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await host.close();
    }
  });

  it('refuses a too-large body before the client uploads it (Expect: 100-continue), and says go on to one that fits', async () => {
    const host = await startHttpHost({ core: fakeCore().core, config: config({ maxBodyBytes: 4096 }), version: '0', log: silentLogger, noAuth: true });
    const exchange = (length: number, body: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(host.url).port), '127.0.0.1');
        let answer = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          answer += chunk;
          if (answer.startsWith('HTTP/1.1 100')) {
            if (!answer.includes('\r\n\r\nHTTP/1.1')) socket.write(body);
          }
          if (/\r\n\r\n[\s\S]*"success"/.test(answer)) socket.end();
        });
        socket.on('close', () => resolve(answer));
        socket.write(`POST /v1/tools/demo_get_echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`);
      });
    try {
      const refused = await exchange(10_000_000, '');
      expect(refused).toMatch(/^HTTP\/1\.1 413/);
      const body = JSON.stringify({ text: 'fits' });
      const accepted = await exchange(Buffer.byteLength(body), body);
      expect(accepted).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200/);
      expect(accepted).toContain('"text":"fits"');
    } finally {
      await host.close();
    }
  });

  it('survives a chunked body over the limit: 413, audited, then it goes on serving', async () => {
    const settings = config({ maxBodyBytes: 4096 });
    const host = await startHttpHost({ core: fakeCore().core, config: settings, version: '0', log: silentLogger, noAuth: true });
    try {
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(host.url).port), '127.0.0.1');
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.write('POST /v1/tools/demo_get_echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = 'x'.repeat(8192);
        for (let i = 0; i < 8; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        socket.end('0\r\n\r\n');
      });
      expect(answer).toMatch(/^HTTP\/1\.1 413/);
      expect((await fetch(`${host.url}/v1/echo/still-here`)).status).toBe(200);
    } finally {
      await host.close();
    }
    const audited = readFileSync(auditFile(settings.stateDir), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { status: number; client: string });
    expect(audited).toEqual(expect.arrayContaining([expect.objectContaining({ status: 413, client: '127.0.0.1' })]));
  });

  it('answers an error that says when to retry (a full queue) with 429 and Retry-After', async () => {
    const host = await startHttpHost({ core: fakeCore().core, config: config({}), version: '0', log: silentLogger, noAuth: true });
    try {
      const answer = await fetch(`${host.url}/v1/tools/demo_submit_work`, { method: 'POST' });
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(await answer.json()).toMatchObject({ success: false, error: { code: 'LIMIT_EXCEEDED', details: { retry_after_seconds: 5 } } });
    } finally {
      await host.close();
    }
  });

  it('answers 503 with Retry-After beyond maxConcurrent calls, and serves again once one ends', async () => {
    const { core, release } = fakeCore();
    const host = await startHttpHost({ core, config: config({ maxConcurrent: 1 }), version: '0', log: silentLogger, noAuth: true });
    try {
      const slow = fetch(`${host.url}/v1/tools/demo_get_slow`, { method: 'POST' });
      let busy: Response | undefined;
      for (let i = 0; i < 100 && busy?.status !== 503; i++) busy = await fetch(`${host.url}/v1/echo/x`);
      expect(busy!.status).toBe(503);
      expect(busy!.headers.get('retry-after')).toBe('1');
      release();
      expect(await (await slow).json()).toEqual({ success: true, done: true });
      expect((await fetch(`${host.url}/v1/echo/x`)).status).toBe(200);
    } finally {
      await host.close();
    }
  });
});
