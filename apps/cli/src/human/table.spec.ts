import { describe, expect, it } from '@jest/globals';
import { formatBytes as bytes } from '@orcaops/contracts';
import { renderTable, type Column } from './table.js';
import { ago, duration } from './units.js';

interface Row {
  readonly id: string;
  readonly image: string;
  readonly size: number;
}
const COLUMNS: readonly Column<Row>[] = [
  { header: 'ID', cell: (row) => row.id },
  { header: 'IMAGE', cell: (row) => row.image, shrink: true },
  { header: 'SIZE', cell: (row) => String(row.size), align: 'right' },
];
const rows: Row[] = [
  { id: 'job-1', image: 'registry.example.com/team/very/long/image-name:1.2.3', size: 5 },
  { id: 'job-22', image: 'node:22', size: 1024 },
];

describe('renderTable', () => {
  it('aligns columns and keeps every cell whole when no width is given (a pipe)', () => {
    expect(renderTable(rows, COLUMNS)).toBe(
      ['ID      IMAGE                                                 SIZE', 'job-1   registry.example.com/team/very/long/image-name:1.2.3     5', 'job-22  node:22                                               1024', ''].join('\n'),
    );
  });

  it('fits the terminal by shortening the shrinkable column, keeping ids and numbers whole', () => {
    const table = renderTable(rows, COLUMNS, 40);
    const lines = table.trimEnd().split('\n');
    expect(lines.every((line) => [...line].length <= 40)).toBe(true);
    expect(lines[1]).toMatch(/^job-1 {3}registry\.example\.com\/team… {5}5$/);
    expect(lines[2]).toMatch(/^job-22 {2}node:22\s+1024$/);
  });

  it('leaves columns out from the right when shrinking is not enough, never cutting the first one', () => {
    const table = renderTable(rows, COLUMNS, 12);
    expect(table).toBe(['ID', 'job-1', 'job-22', ''].join('\n'));
    expect(renderTable(rows, COLUMNS, 3)).toBe(['ID', 'job-1', 'job-22', ''].join('\n'));
  });

  it("keeps a path's end when it shortens one", () => {
    const paths: readonly Column<Row>[] = [{ header: 'SIZE', cell: (row) => String(row.size) }, { header: 'PATH', cell: (row) => row.image, shrink: true, keep: 'end' }];
    expect(renderTable([rows[0]!], paths, 20).split('\n')[1]).toBe('5     …ge-name:1.2.3');
  });

  it('shows control and invisible characters as "?" so a cell cannot drive or disguise the terminal', () => {
    const hostile: Row[] = [{ id: 'job-\u001b[2J\u0007x', image: 'a\nb\u009bc', size: 1 }];
    const table = renderTable(hostile, COLUMNS);
    expect(table.split('\n').filter((line) => /[\u0000-\u001f\u007f-\u009f]/.test(line))).toEqual([]);
    expect(table).toContain('job-?[2J?x');
    expect(renderTable([{ id: 'evil\u202egpj.exe', image: 'a\u200bb', size: 1 }], COLUMNS)).toContain('evil?gpj.exe  a?b');
  });
});

describe('units', () => {
  it('says durations, ages and sizes as people read them', () => {
    expect(duration(null)).toBe('-');
    expect(duration(850)).toBe('850ms');
    expect(duration(12_345)).toBe('12.3s');
    expect(duration(245_000)).toBe('4m05s');
    expect(duration(7_380_000)).toBe('2h03m');
    expect(duration(999.6)).toBe('1.0s');
    expect(duration(59_960)).toBe('1m00s');
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(ago('2026-12-07T11:59:48Z', now)).toBe('12s ago');
    expect(ago('2026-12-07T09:00:00Z', now)).toBe('3h ago');
    expect(ago('2026-12-01T12:00:00Z', now)).toBe('6d ago');
    expect(ago(null, now)).toBe('-');
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(20 * 1024 * 1024)).toBe('20.0 MiB');
  });
});
