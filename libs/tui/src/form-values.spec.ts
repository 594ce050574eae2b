import { describe, expect, it } from '@jest/globals';
import type { FormField } from './form-fields.js';
import { readForm } from './form-values.js';

const field = (name: string, kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({ name, kind, required: false, ...extra });

describe('readForm', () => {
  it('reads every kind, and leaves empty fields out so that the tool default applies', () => {
    const fields = [
      field('name', 'text'),
      field('wait', 'choice', { choices: ['healthy', 'none'] }),
      field('force', 'boolean'),
      field('quiet', 'boolean'),
      field('timeout', 'integer'),
      field('cpus', 'number'),
      field('command', 'list'),
      field('argv', 'list'),
      field('env', 'map'),
      field('ports', 'map', { numericItems: true }),
      field('images', 'map'),
      field('inputs', 'json'),
      field('unset', 'text'),
    ];
    const reading = readForm(fields, {
      name: '  demo ',
      wait: 'none',
      force: 'true',
      quiet: 'false',
      timeout: '30',
      cpus: '1.5',
      command: 'ls  -la /tmp',
      argv: '["sh", "-c", "echo a b"]',
      env: 'A=1 B=x=y EMPTY=',
      ports: 'web=8080 db=0',
      images: '{"web": "nginx:1"}',
      inputs: '{"files": []}',
      unset: '   ',
    });
    expect(reading).toEqual({
      ok: true,
      args: {
        name: 'demo',
        wait: 'none',
        force: true,
        quiet: false,
        timeout: 30,
        cpus: 1.5,
        command: ['ls', '-la', '/tmp'],
        argv: ['sh', '-c', 'echo a b'],
        env: { A: '1', B: 'x=y', EMPTY: '' },
        ports: { web: 8080, db: 0 },
        images: { web: 'nginx:1' },
        inputs: { files: [] },
      },
    });
  });

  it('reports each field it cannot read, with what it expected', () => {
    const fields = [field('timeout', 'integer'), field('cpus', 'number'), field('env', 'map'), field('argv', 'list'), field('inputs', 'json'), field('ports', 'map', { numericItems: true })];
    const reading = readForm(fields, { timeout: '1.5', cpus: 'lots', env: 'NOEQUALS', argv: '[1,', inputs: '{"a": }', ports: 'web=http' });
    expect(reading).toEqual({
      ok: false,
      errors: {
        timeout: '"1.5" is not a whole number',
        cpus: '"lots" is not a number',
        env: '"NOEQUALS" is not KEY=VALUE (or give a JSON object)',
        argv: expect.stringMatching(/^not valid JSON: /),
        inputs: expect.stringMatching(/^not valid JSON: /),
        ports: '"http" is not a number',
      },
    });
    expect(readForm([field('argv', 'list')], { argv: '[]' })).toEqual({ ok: true, args: { argv: [] } });
    expect(readForm([field('env', 'map')], { env: '{"a": 1}' })).toEqual({ ok: true, args: { env: { a: 1 } } });
    expect(readForm([field('env', 'map')], { env: '{' })).toMatchObject({ ok: false });
  });
});
