/** Quotes a string for POSIX sh: single quotes, with embedded single quotes closed, escaped and reopened. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
