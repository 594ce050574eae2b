import { formatBytes } from '@orcaops/contracts';

/**
 * Turns a tool's output into display lines. Pure and Ink-free so that the layout rules can be tested directly and
 * reused by other views (and a future plain-text printer).
 *
 * Keys are kept exactly as the tool returns them, so that what a person reads here matches `orcaops call` and
 * what an MCP client sees.
 */

/** One display line. `depth` is the nesting level; renderers indent by {@link INDENT} per level. */
export type Line =
  | { readonly kind: 'section'; readonly depth: number; readonly label: string }
  | { readonly kind: 'field'; readonly depth: number; readonly key: string; readonly keyWidth: number; readonly value: string; readonly muted: boolean }
  | { readonly kind: 'table-header'; readonly depth: number; readonly text: string }
  | { readonly kind: 'row'; readonly depth: number; readonly text: string }
  | { readonly kind: 'text'; readonly depth: number; readonly text: string; readonly muted: boolean };

/** Presentation hints for the top-level list, from `ToolPresentation`. */
export interface FormatOptions {
  readonly listField?: string;
  readonly columns?: readonly string[];
}

export const INDENT = '  ';
/** Shown for null and empty lists: visible, but clearly "nothing". */
export const NONE = '—';
const MAX_CELL = 40;
/** Beyond this a list of scalars reads better one per line than as one long comma-joined value. */
const MAX_INLINE_LIST = 60;
/** Sizes are formatted as every host formats them (`@orcaops/contracts`). */
export { formatBytes };

/** A value on one line. The key decides units: numbers in `*_bytes` fields are sizes. */
export function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'number') return key.endsWith('_bytes') ? formatBytes(value) : String(value);
  if (typeof value === 'string') {
    if (value === '') return '""';
    return value.includes('\n') ? value.replace(/\s*\n\s*/g, ' ⏎ ') : value;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? NONE : value.map((item) => formatValue(key, item)).join(', ');
  if (isRecord(value)) {
    const parts = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .map(([innerKey, inner]) => `${innerKey}=${formatValue(innerKey, inner)}`);
    return parts.length === 0 ? NONE : parts.join(' ');
  }
  return String(value);
}

/**
 * The whole result as lines: scalars as aligned `key  value` fields, nested objects as sections, arrays of
 * objects as compact tables (one row per item), multi-line strings as indented text.
 */
export function toLines(data: Record<string, unknown>, options: FormatOptions = {}): Line[] {
  return objectLines(data, 0, options);
}

/** A line as plain text, indentation included (for tests and non-colour output). */
export function lineText(line: Line): string {
  const indent = INDENT.repeat(line.depth);
  switch (line.kind) {
    case 'section':
      return `${indent}${line.label}`;
    case 'field':
      return `${indent}${line.key.padEnd(line.keyWidth)}  ${line.value}`;
    default:
      return `${indent}${line.text}`;
  }
}

function objectLines(object: Record<string, unknown>, depth: number, options: FormatOptions): Line[] {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  // Align values only across the fields that render inline, so one long section name does not push them right.
  const keyWidth = Math.max(0, ...entries.filter(([, value]) => rendersInline(value)).map(([key]) => key.length));
  const lines: Line[] = [];
  for (const [key, value] of entries) {
    if (rendersInline(value)) {
      lines.push({ kind: 'field', depth, key, keyWidth, value: formatValue(key, value), muted: isEmpty(value) });
    } else if (typeof value === 'string') {
      lines.push({ kind: 'section', depth, label: key }, ...textLines(value, depth + 1));
    } else if (Array.isArray(value)) {
      const columns = depth === 0 && key === options.listField ? options.columns : undefined;
      lines.push({ kind: 'section', depth, label: `${key} (${value.length})` }, ...arrayLines(value, depth + 1, columns));
    } else if (isRecord(value)) {
      lines.push({ kind: 'section', depth, label: key }, ...objectLines(value, depth + 1, {}));
    }
  }
  return lines;
}

function arrayLines(items: readonly unknown[], depth: number, columns: readonly string[] | undefined): Line[] {
  if (items.every(isRecord)) return tableLines(items, depth, columns);
  // Mixed or long lists: one item per line, objects as nested sections.
  return items.flatMap((item, index): Line[] =>
    isRecord(item)
      ? [{ kind: 'section', depth, label: `[${index}]` }, ...objectLines(item, depth + 1, {})]
      : [{ kind: 'text', depth, text: `- ${formatValue('', item)}`, muted: false }],
  );
}

/** Rows padded into columns; cells are cut at {@link MAX_CELL} so one long value cannot hide the others. */
function tableLines(items: ReadonlyArray<Record<string, unknown>>, depth: number, preferred: readonly string[] | undefined): Line[] {
  const columns = preferred ?? [...new Set(items.flatMap((item) => Object.keys(item)))];
  const cells = items.map((item) => columns.map((column) => truncate(formatValue(column, item[column]), MAX_CELL)));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => row[index]!.length)));
  const join = (values: readonly string[]) => values.map((value, index) => value.padEnd(widths[index]!)).join('  ').trimEnd();
  return [
    { kind: 'table-header', depth, text: join(columns) },
    ...cells.map((row): Line => ({ kind: 'row', depth, text: join(row) })),
  ];
}

function textLines(text: string, depth: number): Line[] {
  return text.split(/\r?\n/).map((line): Line => ({ kind: 'text', depth, text: line, muted: false }));
}

/** Scalars, empty containers and short lists of scalars fit on the key's own line. */
function rendersInline(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\n');
  if (Array.isArray(value)) {
    if (value.length === 0) return true;
    return !value.some((item) => isRecord(item) || Array.isArray(item)) && formatValue('', value).length <= MAX_INLINE_LIST;
  }
  if (isRecord(value)) return Object.keys(value).length === 0;
  return true;
}

function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
