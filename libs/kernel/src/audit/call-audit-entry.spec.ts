import { describe, expect, it } from '@jest/globals';
import { TARGET_KEYS, TARGET_VALUE_CHARS, callAuditEntry, callAuditRecord, callTarget } from './call-audit-entry.js';

describe('callTarget', () => {
  it('names what the call acts on from the identifying keys only, in a fixed order', () => {
    expect(callTarget({ job_id: 'job-1' })).toBe('job_id=job-1');
    expect(callTarget({ service: 'api', name: 'web', command: ['rm', '-rf', '/'], env: { TOKEN: 's3cret' } })).toBe('name=web service=api');
    expect(callTarget({ image: 'alpine:3.20', job_id: 'build-7', commands: ['make'] })).toBe('job_id=build-7 image=alpine:3.20');
    expect(callTarget({ container_id: 'abc123', force: true })).toBe('container_id=abc123');
  });

  it('never includes another key, whatever its value', () => {
    const secret = 'orcaops_secret_value';
    const args = {
      env: { API_KEY: secret },
      variables: { password: secret },
      commands: [secret],
      directory: `/home/${secret}`,
      workdir: secret,
      labels: { [secret]: secret },
      inputs: [{ source: secret }],
      dry_run: true,
      older_than_days: 3,
      password: secret,
      token: secret,
    };
    expect(callTarget(args)).toBeNull();
    expect(callTarget({ ...args, name: 'web' })).toBe('name=web');
    // Every key the target may read is in the fixed list, and env is never one of them.
    expect(TARGET_KEYS).not.toContain('env');
  });

  it('skips values that are not strings or numbers, and arguments that are not an object', () => {
    expect(callTarget({ job_id: { env: 'x' }, name: ['a'], image: null, template: 7 })).toBe('template=7');
    expect(callTarget(null)).toBeNull();
    expect(callTarget('job_id=x')).toBeNull();
    expect(callTarget(['job_id'])).toBeNull();
    expect(callTarget(Object.create({ job_id: 'inherited' }) as object)).toBeNull();
  });

  it('shortens a long value, marking the cut, without splitting a character', () => {
    const long = 'x'.repeat(10_000);
    expect(callTarget({ job_id: long })).toBe(`job_id=${'x'.repeat(TARGET_VALUE_CHARS - 1)}…`);
    const emoji = '🐳'.repeat(TARGET_VALUE_CHARS + 5);
    expect(callTarget({ name: emoji })).toBe(`name=${'🐳'.repeat(TARGET_VALUE_CHARS - 1)}…`);
    // Exactly at the limit in characters, though twice as long in UTF-16 units: kept whole.
    expect(callTarget({ name: '🐳'.repeat(TARGET_VALUE_CHARS) })).toBe(`name=${'🐳'.repeat(TARGET_VALUE_CHARS)}`);
    const all = Object.fromEntries(TARGET_KEYS.map((key) => [key, long]));
    expect(callTarget(all)!.length).toBeLessThanOrEqual(TARGET_KEYS.length * (TARGET_VALUE_CHARS + 16));
  });
});

describe('callAuditEntry', () => {
  it('records when the call started, the host, tool, target, outcome and duration: nothing else', () => {
    const startedAt = Date.parse('2026-03-01T10:00:00.000Z');
    const entry = callAuditEntry({ host: 'mcp', tool: 'orcaops_delete_run', args: { job_id: 'job-1', env: { A: 'b' } }, startedAt, endedAt: startedAt + 42, outcome: 'JOB_NOT_FOUND' });
    expect(entry).toEqual({ time: '2026-03-01T10:00:00.000Z', host: 'mcp', tool: 'orcaops_delete_run', target: 'job_id=job-1', outcome: 'JOB_NOT_FOUND', duration_ms: 42 });
    expect(Object.keys(callAuditRecord({ ...entry, args: { A: 'b' } } as typeof entry))).toEqual(['time', 'host', 'tool', 'target', 'outcome', 'duration_ms']);
  });

  it('bounds the tool name and outcome too', () => {
    const entry = callAuditEntry({ host: 'unknown', tool: 't'.repeat(1000), args: {}, startedAt: 0, endedAt: 0, outcome: 'E'.repeat(1000) });
    expect(entry.tool.length).toBeLessThanOrEqual(128);
    expect(entry.outcome.length).toBeLessThanOrEqual(64);
    expect(entry.target).toBeNull();
  });
});
