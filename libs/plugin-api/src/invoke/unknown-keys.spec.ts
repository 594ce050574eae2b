import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { findUnknownKeys } from './unknown-keys.js';

const schema = z.object({
  job_id: z.string(),
  dry_run: z.boolean().default(false),
  commands: z.array(z.union([z.string(), z.object({ command: z.string(), timeout_seconds: z.number().optional() })])),
  env: z.record(z.string(), z.string()).optional(),
  inputs: z.object({ files: z.array(z.object({ path: z.string() })).default([]) }).optional(),
  extra: z.looseObject({}).optional(),
});

describe('findUnknownKeys', () => {
  it('finds a misspelt top-level key and lists the allowed ones', () => {
    expect(findUnknownKeys(schema, { job_id: 'a', dryrun: true, commands: [] })).toEqual([
      { path: [], key: 'dryrun', allowed: ['job_id', 'dry_run', 'commands', 'env', 'inputs', 'extra'] },
    ]);
  });

  it('looks through arrays, unions, optionals and defaults', () => {
    const found = findUnknownKeys(schema, {
      job_id: 'a',
      commands: ['ls', { command: 'x', timeout: 3 }],
      inputs: { files: [{ path: 'p', mode: 1 }] },
    });
    expect(found.map(({ path, key }) => [...path, key].join('.'))).toEqual(['commands.1.timeout', 'inputs.files.0.mode']);
  });

  it('accepts any key in records and loose objects', () => {
    expect(findUnknownKeys(schema, { job_id: 'a', commands: [], env: { ANY: '1' }, extra: { anything: 1 } })).toEqual([]);
  });

  it('reports at most 20 keys of a hostile argument object', () => {
    const hostile = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, index]));
    expect(findUnknownKeys(schema, hostile)).toHaveLength(20);
  });
});
