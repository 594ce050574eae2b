/**
 * A value as short JSON for a failure message: long strings, long lists and deep nesting are elided with their
 * size said, control characters stay escaped, and the whole text is at most `maxChars` long.
 */
export function describeValue(value: unknown, maxChars = 400): string {
  const text = render(value, 0);
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length} characters)`;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 24))}…(${value.length} chars)`;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : String(value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= 4) return Array.isArray(value) ? `[…nested ${nestingDepth(value)}]` : `{…nested ${nestingDepth(value)}}`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 4).map((item) => render(item, depth + 1));
    return `[${shown.join(',')}${value.length > 4 ? `,…(${value.length} items)` : ''}]`;
  }
  const entries = Object.entries(value);
  const shown = entries.slice(0, 8).map(([key, item]) => `${render(key, depth + 1)}:${render(item, depth + 1)}`);
  return `{${shown.join(',')}${entries.length > 8 ? `,…(${entries.length} keys)` : ''}}`;
}

function nestingDepth(value: unknown): number {
  let depth = 0;
  for (let current = value; typeof current === 'object' && current !== null && depth < 100_000; depth++) {
    const values = Object.values(current);
    current = values[0];
  }
  return depth;
}
