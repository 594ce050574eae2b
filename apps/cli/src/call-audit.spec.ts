import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, tempHome } from './test-fixtures/spawn-cli.js';

let home: ReturnType<typeof tempHome>;
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.remove();
});

const auditLines = () =>
  readFileSync(join(home.dir, 'audit.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('orcaops call (built bin) and the audit log', () => {
  it('records a call that may change something with host cli, written before the process exits; a read-only call not', async () => {
    const listed = await runCli(['call', 'orcaops_list_runs'], home.dir);
    expect(listed.code).toBe(0);
    expect(existsSync(join(home.dir, 'audit.log'))).toBe(false);

    const cleaned = await runCli(['call', 'orcaops_cleanup_runs', '{"dry_run":true}'], home.dir);
    expect(cleaned.code).toBe(0);
    const deleted = await runCli(['call', 'orcaops_delete_run', '{"job_id":"job-gone"}'], home.dir);
    expect(deleted.code).toBe(1);

    expect(auditLines()).toEqual([
      { time: expect.any(String), host: 'cli', tool: 'orcaops_cleanup_runs', target: null, outcome: 'ok', duration_ms: expect.any(Number) },
      { time: expect.any(String), host: 'cli', tool: 'orcaops_delete_run', target: 'job_id=job-gone', outcome: 'RUN_NOT_FOUND', duration_ms: expect.any(Number) },
    ]);
    expect(statSync(join(home.dir, 'audit.log')).mode & 0o777).toBe(0o600);
  });
});
