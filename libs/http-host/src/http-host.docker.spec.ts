import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOrcaOps } from '@orcaops/composition';
import type { Kernel } from '@orcaops/kernel';
import { DockerTestScope, MemoryLogSink, TEST_IMAGE, TEST_RUN_LABEL, TEST_SERVICE_IMAGE, composeResources, makeTempDir, removeComposeProject, requireDocker } from '@orcaops/testing';
import { ApiKeyStore } from './auth/api-key-store.js';
import { resolveHttpConfig } from './config/http-config.js';
import { startHttpHost, type HttpHost } from './server/start-http-host.js';

/**
 * The REST host end to end: a real kernel with the built-in plugins on the real engine, over loopback HTTP with
 * API keys. What a GPT Action or a script does: submit, follow the live log, download an artifact, cancel, and the
 * answers to callers without a key, with the wrong scope, too fast, or with bad input.
 */
describe('orcaops serve: REST over the real engine', () => {
  const scope = new DockerTestScope();
  const labels = { [TEST_RUN_LABEL]: scope.runId };
  const sandbox = `http-${scope.runId.slice(0, 8)}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let kernel: Kernel;
  let host: HttpHost;
  let keys: ApiKeyStore;
  const tokens: Record<'read' | 'run' | 'admin' | 'revoked', string> = { read: '', run: '', admin: '', revoked: '' };

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    kernel = await startOrcaOps({ cwd: temp.path, env: { ...process.env, ORCAOPS_HOME: temp.path }, logSink: new MemoryLogSink(), role: 'server' });
    const config = resolveHttpConfig({ port: 0, rateLimit: { perKey: 1000, perAddress: 1000 }, maxBodyBytes: 4096, callTimeoutSeconds: 8 }, { home: temp.path, configFile: null, cwd: temp.path });
    keys = new ApiKeyStore(config.stateDir);
    for (const scope of ['read', 'run', 'admin'] as const) tokens[scope] = (await keys.create(`test-${scope}`, scope)).token;
    const revoked = await keys.create('test-revoked', 'admin');
    tokens.revoked = revoked.token;
    await keys.revoke(revoked.key.id);
    host = await startHttpHost({ core: kernel, config, version: kernel.hostInfo.version, log: kernel.log });
  });

  afterAll(async () => {
    await host?.close();
    await kernel?.stop();
    await removeComposeProject(sandbox);
    await scope.cleanup();
    await temp?.remove();
  });

  const call = (method: string, path: string, options: CallOptions = {}) => callAt(host.url, method, path, options);
  const callAt = async (base: string, method: string, path: string, options: CallOptions = {}) => {
    const token = options.token === undefined ? tokens.admin : options.token;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...options.headers },
      ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (a download, an event stream)
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  const waitFor = async (jobId: string, done: (status: string) => boolean) => {
    for (let i = 0; i < 300; i++) {
      const { json } = await call('GET', `/v1/jobs/${jobId}`);
      if (done(json.status)) return json;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} never got there`);
  };

  it('answers a call without a key 401 with a challenge, a revoked or unknown key 401, a read key on a run tool 403', async () => {
    const none = await call('GET', '/v1/system', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.json).toMatchObject({ success: false, error: { code: 'PERMISSION_DENIED', suggestion: expect.stringContaining('orcaops keys create') } });
    expect((await call('GET', '/v1/system', { token: tokens.revoked })).json.error.message).toMatch(/revoked/);
    expect((await call('GET', '/v1/system', { token: tokens.revoked })).status).toBe(401);
    expect((await call('GET', '/v1/system', { token: `${tokens.admin.slice(0, -2)}xx` })).status).toBe(401);
    expect((await call('GET', '/v1/system', { token: 'nonsense' })).status).toBe(401);
    expect((await call('GET', '/v1/system', { token: null, headers: { 'X-API-Key': tokens.read } })).status).toBe(200);

    const denied = await call('POST', '/v1/jobs', { token: tokens.read, body: { image: TEST_IMAGE, commands: ['true'], labels } });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/scope "run"/);
    const adminOnly = await call('POST', '/v1/containers/cleanup', { token: tokens.run, body: { dry_run: true } });
    expect(adminOnly.status).toBe(403);
    expect((await call('POST', '/v1/containers/cleanup', { token: tokens.admin, body: { dry_run: true } })).status).toBe(200);
  });

  it('submits a job, follows its live log over SSE to the end, and downloads its artifact whole and by range', async () => {
    const script = 'for i in 1 2 3 4 5; do echo line-$i; sleep 0.2; done; echo oops >&2; printf "0123456789abcdef" > out.bin';
    const submitted = await call('POST', '/v1/jobs', { token: tokens.run, body: { image: TEST_IMAGE, commands: [script], artifacts: ['out.bin'], labels } });
    expect(submitted.status).toBe(200);
    const jobId: string = submitted.json.job_id;

    const events = await readEvents(`${host.url}/v1/jobs/${jobId}/logs/stream`, tokens.read);
    const stdout = events.filter((event) => event.event === 'stdout').map((event) => JSON.parse(event.data).text).join('');
    expect(stdout).toBe('line-1\nline-2\nline-3\nline-4\nline-5\n');
    expect(events.filter((event) => event.event === 'stderr').map((event) => JSON.parse(event.data).text).join('')).toBe('oops\n');
    expect(events.at(-1)).toMatchObject({ event: 'end', data: JSON.stringify({ status: 'success' }) });

    // Resuming from the last id sends nothing again, only the end.
    const resumed = await readEvents(`${host.url}/v1/jobs/${jobId}/logs/stream`, tokens.read, events.at(-1)!.id);
    expect(resumed.map((event) => event.event)).toEqual(['end']);
    const fromOffset = await readEvents(`${host.url}/v1/jobs/${jobId}/logs/stream?stream=stdout&offset=7`, tokens.read);
    expect(fromOffset.filter((event) => event.event === 'stdout').map((event) => JSON.parse(event.data).text).join('')).toBe('line-2\nline-3\nline-4\nline-5\n');

    const listed = await call('GET', `/v1/jobs/${jobId}/artifacts`, { token: tokens.read });
    expect(listed.json.artifacts).toEqual([expect.objectContaining({ path: 'workspace/out.bin', source: 'out.bin', size: 16 })]);
    const artifact = `/v1/jobs/${jobId}/artifacts/workspace/out.bin`;
    const whole = await call('GET', artifact, { token: tokens.read });
    expect(whole.status).toBe(200);
    expect(whole.text).toBe('0123456789abcdef');
    expect(whole.headers.get('content-type')).toBe('application/octet-stream');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('etag')).toBe(`"${listed.json.artifacts[0].sha256}"`);
    const part = await call('GET', artifact, { token: tokens.read, headers: { Range: 'bytes=4-7' } });
    expect(part.status).toBe(206);
    expect(part.text).toBe('4567');
    expect(part.headers.get('content-range')).toBe('bytes 4-7/16');
    expect((await call('GET', artifact, { token: tokens.read, headers: { Range: 'bytes=-3' } })).text).toBe('def');
    expect((await call('GET', artifact, { token: tokens.read, headers: { Range: 'bytes=99-' } })).status).toBe(416);
    expect((await call('GET', `/v1/jobs/${jobId}/artifacts/nope.txt`, { token: tokens.read })).json.error.code).toBe('ARTIFACT_NOT_FOUND');
  });

  it('cancels a running job, and a long run_job answers within the call deadline with the job still running', async () => {
    const started = await call('POST', '/v1/jobs/run', { token: tokens.run, body: { image: TEST_IMAGE, commands: ['sleep 60'], wait_seconds: 3600, labels } });
    // wait_seconds is capped to the call deadline (8 s here, less a margin): the answer is the job, running.
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ success: true, status: 'running' });
    const cancelled = await call('POST', `/v1/jobs/${started.json.job_id}/cancel`, { token: tokens.run });
    expect(cancelled.status).toBe(200);
    expect((await waitFor(started.json.job_id, (status) => status === 'cancelled')).status).toBe('cancelled');
    const again = await call('POST', `/v1/jobs/${started.json.job_id}/cancel`, { token: tokens.run });
    expect(again.status).toBe(409);
  }, 60_000);

  it('creates, starts, shows, stops and removes a sandbox', async () => {
    // Starting three services may take longer than this suite's short call deadline: a server that waits longer.
    const config = resolveHttpConfig({ port: 0, callTimeoutSeconds: 120 }, { home: temp.path, configFile: null, cwd: temp.path });
    const patient = await startHttpHost({ core: kernel, config, version: kernel.hostInfo.version, log: kernel.log });
    const call = (method: string, path: string, options: { token: string; body?: unknown }) => callAt(patient.url, method, path, options);
    try {
      await sandboxLifecycle(call);
    } finally {
      await patient.close();
    }
  }, 180_000);

  async function sandboxLifecycle(call: (method: string, path: string, options: { token: string; body?: unknown }) => ReturnType<typeof callAt>): Promise<void> {
    const images = { api: TEST_SERVICE_IMAGE, cache: TEST_SERVICE_IMAGE, db: TEST_SERVICE_IMAGE };
    const created = await call('POST', '/v1/sandboxes', { token: tokens.run, body: { template: 'api-testing', name: sandbox, directory: join(temp.path, 'sandboxes', sandbox), images, ports: { api: 0, cache: 0, db: 0 } } });
    expect(created.status).toBe(200);
    const started = await call('POST', `/v1/sandboxes/${sandbox}/start`, { token: tokens.run, body: {} });
    expect(started.json).toMatchObject({ success: true, status: 'running' });
    const api = started.json.endpoints.find((endpoint: { service: string }) => endpoint.service === 'api');
    expect((await fetch(`http://${api.address}/health`)).status).toBe(200);
    expect((await call('GET', `/v1/sandboxes/${sandbox}`, { token: tokens.read })).json).toMatchObject({ status: 'running' });
    expect((await call('POST', `/v1/sandboxes/${sandbox}/start`, { token: tokens.read, body: {} })).status).toBe(403);
    const stopped = await call('POST', `/v1/sandboxes/${sandbox}/stop`, { token: tokens.run, body: { volumes: true } });
    expect(stopped.json).toMatchObject({ success: true, containers_removed: 3 });
    expect((await composeResources(sandbox)).containers).toEqual([]);
    expect((await call('DELETE', `/v1/sandboxes/${sandbox}`, { token: tokens.run })).status).toBe(200);
    expect((await call('GET', `/v1/sandboxes/${sandbox}`, { token: tokens.read })).status).toBe(404);
  }

  it('keeps every REST answer under the GPT limit, whatever max_bytes asks', async () => {
    const job = await call('POST', '/v1/jobs/run', { token: tokens.run, body: { image: TEST_IMAGE, commands: ["head -c 300000 /dev/zero | tr '\\0' a"], labels } });
    expect(job.json).toMatchObject({ status: 'success' });
    const logs = await call('GET', `/v1/jobs/${job.json.job_id}/logs?stream=stdout&offset=0&max_bytes=400000`, { token: tokens.read });
    expect(logs.status).toBe(200);
    expect(logs.text.length).toBeLessThan(100_000);
    expect(logs.json.stdout.truncated).toBe(true);
  });

  it('maps errors to statuses and refuses bad requests clearly, and keeps serving', async () => {
    expect((await call('GET', '/v1/jobs/no-such-job')).status).toBe(404);
    expect((await call('GET', '/v1/jobs?limit=0')).json.error.code).toBe('VALIDATION_ERROR');
    expect((await call('GET', '/v1/runs?limit=2')).status).toBe(200);
    const malformed = await call('POST', '/v1/jobs', { body: '{"image": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toMatch(/not valid JSON/);
    const huge = await call('POST', '/v1/jobs', { body: { image: TEST_IMAGE, commands: ['x'.repeat(10_000)] } });
    expect(huge.status).toBe(413);
    const wrongType = await call('POST', '/v1/jobs', { body: 'image=x', headers: { 'Content-Type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect((await call('POST', '/v1/jobs', { body: [1, 2] })).status).toBe(400);
    expect((await call('PUT', '/v1/jobs')).status).toBe(405);
    expect((await call('GET', '/v1/nothing-here')).status).toBe(404);
    expect((await call('POST', '/v1/tools/orcaops_list_templates', { body: {} })).json.templates.length).toBeGreaterThan(0);
    // fetch cannot set Host; a page on another name that resolves to 127.0.0.1 can (DNS rebinding).
    expect(await statusWithHost(`${host.url}/v1/system`, 'evil.example', tokens.admin)).toBe(403);
    expect(await statusWithHost(`${host.url}/v1/system`, `localhost:${new URL(host.url).port}`, tokens.admin)).toBe(200);
    expect((await call('GET', '/v1/system', { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await call('GET', '/healthz', { token: null })).json).toMatchObject({ status: 'ok' });
  });

  it('limits calls per key with 429, Retry-After and RateLimit headers, and lets the key call again after the window', async () => {
    const config = resolveHttpConfig({ port: 0, rateLimit: { perKey: 3, perAddress: 100, windowSeconds: 1 } }, { home: temp.path, configFile: null, cwd: temp.path });
    const limited = await startHttpHost({ core: kernel, config, version: kernel.hostInfo.version, log: kernel.log });
    try {
      const get = () => fetch(`${limited.url}/v1/templates`, { headers: { Authorization: `Bearer ${tokens.read}` } });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await get());
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
      expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
      expect(answers[2]!.headers.get('ratelimit-remaining')).toBe('0');
      const refused = answers[3]!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ success: false, error: { code: 'LIMIT_EXCEEDED' } });
      // Another key is not held back by this one.
      expect((await fetch(`${limited.url}/v1/templates`, { headers: { Authorization: `Bearer ${tokens.run}` } })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 100));
      expect((await get()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('serves its OpenAPI document without a key, naming the server it runs at', async () => {
    const document = await call('GET', '/openapi.json', { token: null });
    expect(document.json.openapi).toMatch(/^3\.1\./);
    expect(document.json.servers[0].url).toBe(host.url);
    expect(document.json.paths['/v1/jobs/{job_id}'].get.operationId).toBe('orcaops_get_job_status');
  });
});

function statusWithHost(url: string, hostHeader: string, token: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: hostHeader, Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}

interface CallOptions {
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Reads a whole event stream (it ends when the job has). */
function readEvents(url: string, token: string, lastEventId?: string): Promise<SseEvent[]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${token}`, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const events = text
          .split('\n\n')
          .filter((block) => block.includes('event:'))
          .map((block) => {
            const event: SseEvent = { event: '', data: '' };
            for (const line of block.split('\n')) {
              const [field, ...rest] = line.split(': ');
              if (field === 'event' || field === 'data' || field === 'id') event[field] = rest.join(': ');
            }
            return event;
          });
        resolve(events);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
