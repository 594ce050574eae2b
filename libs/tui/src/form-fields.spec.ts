import { describe, expect, it } from '@jest/globals';
import { inputJsonSchema } from '@orcaops/plugin-api';
import { JobSpecSchema } from '@orcaops/contracts';
import { formFields } from './form-fields.js';

describe('formFields', () => {
  it('reads each top-level field of a real tool input (the job spec, as MCP clients see it) with its kind', () => {
    const fields = formFields(inputJsonSchema({ input: JobSpecSchema }));
    const byName = new Map(fields.map((field) => [field.name, field]));
    expect(fields[0]).toEqual({ name: 'image', kind: 'text', required: true });
    expect(byName.get('commands')).toMatchObject({ kind: 'json', required: true });
    expect(byName.get('env')).toMatchObject({ kind: 'map', required: false, defaultValue: {} });
    expect(byName.get('env')).not.toHaveProperty('numericItems');
    expect(byName.get('workdir')).toMatchObject({ kind: 'text', defaultValue: '/workspace' });
    expect(byName.get('artifacts')).toMatchObject({ kind: 'list', description: 'Paths or globs to collect.' });
    expect(byName.get('timeout')).toMatchObject({ kind: 'integer', defaultValue: 300 });
    expect(byName.get('cpus')).toMatchObject({ kind: 'number' });
    expect(byName.get('network')).toMatchObject({ kind: 'choice', choices: ['bridge', 'none'], defaultValue: 'bridge' });
    expect(byName.get('inputs')).toMatchObject({ kind: 'json' });
    expect(byName.get('keep_container')).toMatchObject({ kind: 'boolean', defaultValue: false });
  });

  it('marks lists and maps of numbers, and has no fields without a schema', () => {
    const fields = formFields({
      type: 'object',
      properties: { ports: { type: 'object', additionalProperties: { type: 'integer' } }, sizes: { type: 'array', items: { type: 'number' } } },
    });
    expect(fields).toEqual([
      { name: 'ports', kind: 'map', required: false, numericItems: true },
      { name: 'sizes', kind: 'list', required: false, numericItems: true },
    ]);
    expect(formFields(undefined)).toEqual([]);
    expect(formFields({ type: 'object' })).toEqual([]);
  });
});
