import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from './cli-args.js';
import { parseAge } from './human-args.js';

const base = { debug: false };

describe('parseCliArgs: the commands for people', () => {
  it('parses jobs, logs, cancel and artifacts with their options', () => {
    expect(parseCliArgs(['jobs'])).toEqual({ kind: 'jobs', ...base, json: false, quiet: false });
    expect(parseCliArgs(['jobs', '--status', 'running', '--limit', '5', '-q'])).toEqual({ kind: 'jobs', ...base, json: false, quiet: true, status: 'running', limit: 5 });
    expect(parseCliArgs(['logs', 'job-1', '-f', '--stream', 'stderr', '--step', '0'])).toEqual({ kind: 'logs', ...base, jobId: 'job-1', json: false, follow: true, stream: 'stderr', step: 0 });
    expect(parseCliArgs(['logs', 'job-1', '--tail', '20', '--json'])).toEqual({ kind: 'logs', ...base, jobId: 'job-1', json: true, follow: false, stream: 'both', tail: 20 });
    expect(parseCliArgs(['cancel', 'job-1', 'job-2'])).toEqual({ kind: 'cancel', ...base, json: false, jobIds: ['job-1', 'job-2'] });
    expect(parseCliArgs(['artifacts', 'job-1'])).toEqual({ kind: 'artifacts', ...base, json: false, jobId: 'job-1', action: 'list' });
    expect(parseCliArgs(['artifacts', 'job-1', 'get', 'out/report.xml', '-o', '-'])).toEqual({
      kind: 'artifacts',
      ...base,
      json: false,
      jobId: 'job-1',
      action: 'get',
      name: 'out/report.xml',
      output: '-',
      force: false,
    });
  });

  it('parses sandbox and runs sub-commands, each with only its own options', () => {
    expect(parseCliArgs(['sandbox', 'list', '-q'])).toEqual({ kind: 'sandbox', ...base, json: false, action: 'list', quiet: true });
    expect(parseCliArgs(['sandbox', 'create', 'web-dev', 'site', '--dir', 'd', '--image', 'db=postgres:16', '--publish', 'frontend=0'])).toEqual({
      kind: 'sandbox',
      ...base,
      json: false,
      action: 'create',
      template: 'web-dev',
      name: 'site',
      dir: 'd',
      images: { db: 'postgres:16' },
      ports: { frontend: 0 },
    });
    expect(parseCliArgs(['sandbox', 'up', 'site', '--wait', 'running'])).toEqual({ kind: 'sandbox', ...base, json: false, action: 'up', name: 'site', wait: 'running' });
    expect(parseCliArgs(['sandbox', 'down', 'site', '--volumes'])).toEqual({ kind: 'sandbox', ...base, json: false, action: 'down', name: 'site', volumes: true });
    expect(parseCliArgs(['sandbox', 'exec', 'site', 'db', '--', 'psql', '-c', 'select 1'])).toEqual({
      kind: 'sandbox',
      ...base,
      json: false,
      action: 'exec',
      name: 'site',
      service: 'db',
      command: ['psql', '-c', 'select 1'],
    });
    expect(parseCliArgs(['sandbox', 'templates', '-q'])).toEqual({ kind: 'sandbox', ...base, json: false, action: 'templates', quiet: true });
    expect(parseCliArgs(['sandbox', 'remove', 'site'])).toEqual({ kind: 'sandbox', ...base, json: false, action: 'remove', name: 'site' });
    expect(parseCliArgs(['runs', 'cleanup'])).toEqual({ kind: 'runs', ...base, json: false, action: 'cleanup', olderThanDays: 30, dryRun: false });
    expect(parseCliArgs(['runs', 'cleanup', '--older-than', '2w', '--dry-run'])).toEqual({ kind: 'runs', ...base, json: false, action: 'cleanup', olderThanDays: 14, dryRun: true });
    expect(parseCliArgs(['runs', 'delete', 'job-1'])).toEqual({ kind: 'runs', ...base, json: false, action: 'delete', jobIds: ['job-1'] });
    expect(parseCliArgs(['completion', 'fish'])).toEqual({ kind: 'completion', shell: 'fish' });
  });

  it.each([
    [['jobs', 'extra'], 'Wrong number of arguments'],
    [['jobs', '--limit', '0'], '--limit takes a whole number from 1 to 100000'],
    [['jobs', '-q', '--json'], '-q and --json do not go together'],
    [['logs', 'j', '--tail', '99999999999999999999'], '--tail takes a whole number from 1 to 100000'],
    [['logs', 'j', '--step', '100'], '--step takes a whole number from 0 to 99'],
    [['sandbox', 'toString', 'x'], 'Unknown sandbox command "toString"'],
    [['constructor'], 'Unknown command "constructor"'],
    [['runs', 'cleanup', '--older-than', '400d'], '--older-than takes an age from 1 to 365 days'],
    [['jobs', '--limit', '-3'], "argument is ambiguous"],
    [['logs'], 'Wrong number of arguments'],
    [['logs', 'j', '--stream', 'out'], '--stream takes stdout, stderr or both'],
    [['logs', 'j', '--step', 'x'], '--step takes a whole number'],
    [['logs', 'j', '--tail', '5', '-f'], '--tail and -f do not go together'],
    [['cancel'], 'Wrong number of arguments'],
    [['artifacts', 'j', 'put', 'x'], 'Unknown artifacts command "put"'],
    [['artifacts', 'j', 'get'], 'Wrong number of arguments'],
    [['artifacts', 'j', '-o', 'f'], '-o and --force belong to "orcaops artifacts JOB get NAME"'],
    [['sandbox'], 'Wrong number of arguments'],
    [['sandbox', 'destroy', 'x'], 'Unknown sandbox command "destroy"'],
    [['sandbox', 'up'], 'expected "orcaops sandbox up NAME'],
    [['sandbox', 'list', '--volumes'], '--volumes is not used by "orcaops sandbox list"'],
    [['sandbox', 'up', 'x', '--wait', 'forever'], '--wait takes healthy, running or none'],
    [['sandbox', 'create', 't', 'n', '--image', 'db'], '--image takes SERVICE=IMAGE'],
    [['sandbox', 'create', 't', 'n', '--publish', 'web=http'], '--publish takes SERVICE=PORT'],
    [['sandbox', 'exec', 'x', 'svc'], 'Wrong number of arguments'],
    [['runs', 'prune'], 'Unknown runs command "prune"'],
    [['runs', 'cleanup', '--older-than', 'soon'], '--older-than takes an age from 1 to 365 days'],
    [['runs', 'delete', '--dry-run', 'j'], '--dry-run is not used by "orcaops runs delete"'],
    [['completion', 'powershell'], 'orcaops completion takes bash, zsh or fish'],
  ])('reports %j as a usage error', (argv, message) => {
    const command = parseCliArgs(argv);
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toContain(message);
  });
});

describe('parseAge', () => {
  it('reads days and weeks, and refuses what is not a whole number of days above 0', () => {
    expect(parseAge('30d')).toBe(30);
    expect(parseAge('30')).toBe(30);
    expect(parseAge('1 day')).toBe(1);
    expect(parseAge('4w')).toBe(28);
    expect(parseAge('0d')).toBeNull();
    expect(parseAge('12h')).toBeNull();
    expect(parseAge('-3d')).toBeNull();
    expect(parseAge('53w')).toBeNull();
    expect(parseAge('99999999999999999999')).toBeNull();
  });
});
