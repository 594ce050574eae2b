import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditLog } from '@orcaops/kernel';
import { makeTempDir, readJsonLines } from '@orcaops/testing';
import { httpAuditRecord, type HttpAuditEntry } from './http-audit-entry.js';

const KEYS = ['time', 'host', 'key_id', 'client', 'method', 'path', 'tool', 'status', 'outcome', 'duration_ms'];

const entry = (index: number, fields: Partial<HttpAuditEntry> = {}): HttpAuditEntry => ({
  time: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`,
  host: 'http',
  key_id: 'a1b2c3d4e5f6',
  client: '127.0.0.1',
  method: 'POST',
  path: `/v1/jobs/${index}`,
  tool: 'orcaops_run_job',
  status: 200,
  outcome: 'ok',
  duration_ms: index,
  ...fields,
});

/** The HTTP host's request log: the kernel's AuditLog writing {@link httpAuditRecord}s. */
describe('the HTTP request log', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  const open = () => new AuditLog<HttpAuditEntry>({ file, maxBytes: 1024 * 1024, keep: 2, toRecord: httpAuditRecord });
  beforeEach(async () => {
    temp = await makeTempDir('orcaops-http-audit-');
    file = join(temp.path, 'http', 'audit.log');
  });
  afterEach(() => temp.remove());

  it('writes one JSON line per request with exactly the entry fields, in order, privately', async () => {
    const log = open();
    for (let index = 0; index < 20; index++) log.append(entry(index, index === 3 ? { key_id: null, tool: null, status: 401, outcome: 'PERMISSION_DENIED' } : {}));
    await log.close();
    const written = await readJsonLines(file);
    expect(written).toHaveLength(20);
    for (const line of written) expect(Object.keys(line)).toEqual(KEYS);
    expect(written.map((line) => line['duration_ms'])).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(written[3]).toEqual({ ...entry(3), key_id: null, tool: null, status: 401, outcome: 'PERMISSION_DENIED' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.path, 'http'))).mode & 0o777).toBe(0o700);
  });

  it('never records query strings, fragments or fields the entry does not have', async () => {
    const log = open();
    const sneaky = { ...entry(1, { path: '/v1/jobs?api_key=orcaops_secret&x=1#frag' }), arguments: { password: 'hunter2' }, token: 'orcaops_secret' };
    log.append(sneaky as HttpAuditEntry);
    log.append(entry(2, { path: '/v1/tools/x#orcaops_secret' }));
    await log.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hunter2');
    expect((await readJsonLines(file)).map((line) => [Object.keys(line), line['path']])).toEqual([
      [KEYS, '/v1/jobs'],
      [KEYS, '/v1/tools/x'],
    ]);
  });

  it('bounds every text field, however long the request', () => {
    const record = httpAuditRecord(entry(1, { path: `/v1/${'p'.repeat(10_000)}`, client: 'c'.repeat(1000), tool: 't'.repeat(1000), method: 'M'.repeat(100) }));
    expect(String(record['path']).length).toBe(2048);
    expect(String(record['client']).length).toBe(256);
    expect(String(record['tool']).length).toBe(256);
    expect(String(record['method']).length).toBe(32);
  });
});
