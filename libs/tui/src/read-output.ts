/**
 * Reading a tool's output through the schema the tool publishes (from @orcaops/contracts): a typed value when it
 * parses, or a one-line account of what did not, so a view can say "unexpected output" instead of showing
 * blanks for fields that drifted.
 */

/** What the TUI needs of a zod schema; structural, so the TUI does not depend on zod itself. */
export interface OutputSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** A tool output as read: the typed value, or why it could not be read. */
export type OutputRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** At most this many schema issues are named in a problem; the rest are counted. */
const MAX_ISSUES = 2;

/** `data` parsed by `schema`, with `tool` named in the problem when it does not parse. */
export function readOutput<T>(schema: OutputSchema<T>, data: unknown, tool: string): OutputRead<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues;
  const named = issues.slice(0, MAX_ISSUES).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(output)'}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES ? `; ${issues.length - MAX_ISSUES} more` : '';
  return { ok: false, problem: `unexpected output from ${tool}: ${named.join('; ')}${more}` };
}
