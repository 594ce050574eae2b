import { describe, expect, it } from '@jest/globals';
import { NONE, formatBytes, formatValue, lineText, toLines } from './result-format.js';

const text = (data: Record<string, unknown>, options?: Parameters<typeof toLines>[1]) => toLines(data, options).map(lineText);

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 2, '5.0 MiB'],
    [8 * 1024 ** 3 + 300 * 1024 ** 2, '8.3 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
  ])('%p → %p', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('formatValue', () => {
  it('formats numbers in *_bytes fields as sizes and leaves other numbers alone', () => {
    expect(formatValue('memory_bytes', 2048)).toBe('2.0 KiB');
    expect(formatValue('cpus', 2048)).toBe('2048');
    expect(formatValue('sizes_bytes', [1024, 2048])).toBe('1.0 KiB, 2.0 KiB');
  });

  it('shows null, empty lists and empty objects as a dash, and empty strings as quotes', () => {
    expect(formatValue('x', null)).toBe(NONE);
    expect(formatValue('x', undefined)).toBe(NONE);
    expect(formatValue('x', [])).toBe(NONE);
    expect(formatValue('x', {})).toBe(NONE);
    expect(formatValue('x', '')).toBe('""');
  });

  it('keeps booleans, joins lists, inlines objects and flattens line breaks', () => {
    expect(formatValue('x', true)).toBe('true');
    expect(formatValue('x', ['a', 'b'])).toBe('a, b');
    expect(formatValue('endpoint', { address: 'unix:///var/run/docker.sock', source: 'default', port: undefined })).toBe(
      'address=unix:///var/run/docker.sock source=default',
    );
    expect(formatValue('x', { size_bytes: 1024 })).toBe('size_bytes=1.0 KiB');
    expect(formatValue('x', 'one\n  two')).toBe('one ⏎ two');
  });
});

describe('toLines', () => {
  it('renders scalars as aligned fields and nested objects as indented sections', () => {
    expect(
      text({
        available: true,
        server_version: '20.10.24',
        memory_bytes: 8 * 1024 ** 3,
        containers: { total: 3, running: 1 },
        config_file: null,
      }),
    ).toEqual([
      'available       true',
      'server_version  20.10.24',
      'memory_bytes    8.0 GiB',
      'containers',
      '  total    3',
      '  running  1',
      'config_file     —',
    ]);
  });

  it('renders arrays of objects as a table with a header row, columns padded to the widest cell', () => {
    expect(
      text({
        plugins: [
          { id: 'system', version: '0.1.0', tools: ['a', 'b'] },
          { id: 'jobs', version: null, builtin: false },
        ],
      }),
    ).toEqual(['plugins (2)', '  id      version  tools  builtin', '  system  0.1.0    a, b   —', '  jobs    —        —      false']);
  });

  it('uses the presentation columns for the top-level list field only', () => {
    const row = { id: 'abc', name: 'web', image: 'nginx', state: 'exited' };
    expect(text({ containers: [row], other: [row] }, { listField: 'containers', columns: ['name', 'state'] })).toEqual([
      'containers (1)',
      '  name  state',
      '  web   exited',
      'other (1)',
      '  id   name  image  state',
      '  abc  web   nginx  exited',
    ]);
  });

  it('cuts long table cells so one value cannot push the others off screen', () => {
    const [, , row] = text({ items: [{ id: 'x'.repeat(60), state: 'ok' }] });
    expect(row).toBe(`  ${'x'.repeat(39)}…  ok`);
  });

  it('puts long lists of scalars one per line and multi-line strings under their key', () => {
    const names = Array.from({ length: 8 }, (_, index) => `orcaops_tool_number_${index}`);
    expect(text({ tools: names, log: 'line one\nline two' })).toEqual([
      'tools (8)',
      ...names.map((name) => `  - ${name}`),
      'log',
      '  line one',
      '  line two',
    ]);
  });

  it('renders mixed arrays item by item, objects as numbered sections', () => {
    expect(text({ mixed: ['a', { b: 1 }] })).toEqual(['mixed (2)', '  - a', '  [1]', '    b  1']);
  });

  it('aligns only inline fields, so a long section name does not push values right', () => {
    expect(text({ a: 1, a_very_long_section_name: { x: 1 } })).toEqual(['a  1', 'a_very_long_section_name', '  x  1']);
  });

  it('marks empty values as muted and skips undefined ones', () => {
    const lines = toLines({ none: null, list: [], value: 1, gone: undefined });
    expect(lines.map((line) => (line.kind === 'field' ? [line.key, line.muted] : null))).toEqual([
      ['none', true],
      ['list', true],
      ['value', false],
    ]);
  });
});
