import { z } from 'zod';

/**
 * Shared argument schemas for the strings a tool hands to a file system, a process or the engine. What such a
 * string may not hold is the same everywhere: a NUL byte (no C string can carry one, so Node throws and the engine
 * refuses) and names or paths longer than Linux keeps (Node's ENAMETOOLONG). Refusing them in the schema makes
 * them a `VALIDATION_ERROR` that names the field, before any tool code runs.
 */

/** The longest file or directory name (one path component) Linux file systems keep, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 255;

/** The longest path Linux accepts (`PATH_MAX`), in UTF-8 bytes. */
export const MAX_PATH_BYTES = 4096;

const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';

/**
 * A path argument, on the host or in a container: non-empty, no NUL, every component (the names between `/`) at
 * most {@link MAX_NAME_BYTES} bytes and the whole at most {@link MAX_PATH_BYTES} bytes. It says nothing about
 * where the path points (that is the tool's check). Chain `.describe()` (and e.g. `.regex()`) as with any string.
 */
export const PathInput = z
  .string()
  .min(1)
  .max(MAX_PATH_BYTES)
  .check((ctx) => {
    // Longer in characters is already said by max(); one message per problem.
    if (ctx.value.length > MAX_PATH_BYTES) return;
    const issue = pathProblem(ctx.value);
    if (issue) ctx.issues.push({ code: 'custom', input: ctx.value, message: issue });
  });

/**
 * A name argument (a template id, a service, a user, a file name to skip): non-empty, no NUL and at most
 * {@link MAX_NAME_BYTES} bytes.
 */
export const NameInput = z
  .string()
  .min(1)
  .max(MAX_NAME_BYTES)
  .check((ctx) => {
    if (ctx.value.length > MAX_NAME_BYTES) return;
    const issue = nameProblem(ctx.value);
    if (issue) ctx.issues.push({ code: 'custom', input: ctx.value, message: issue });
  });

/** Free text passed to a process as an argument or environment value (a command, an argv item): no NUL. */
export const ProcessTextInput = z.string().check((ctx) => {
  if (ctx.value.includes('\u0000')) ctx.issues.push({ code: 'custom', input: ctx.value, message: NUL_MESSAGE });
});

/** Why `path` is not a usable path (see {@link PathInput}), or null when it is. */
export function pathProblem(path: string): string | null {
  if (path.includes('\u0000')) return NUL_MESSAGE;
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_PATH_BYTES) return `must be at most ${MAX_PATH_BYTES} bytes in all (it has ${bytes})`;
  for (const component of path.split('/')) {
    const length = Buffer.byteLength(component);
    if (length > MAX_NAME_BYTES) return `each path component (a name between "/") must be at most ${MAX_NAME_BYTES} bytes (one has ${length})`;
  }
  return null;
}

/** Why `name` is not a usable name (see {@link NameInput}), or null when it is. */
export function nameProblem(name: string): string | null {
  if (name.includes('\u0000')) return NUL_MESSAGE;
  const bytes = Buffer.byteLength(name);
  return bytes > MAX_NAME_BYTES ? `must be at most ${MAX_NAME_BYTES} bytes (it has ${bytes})` : null;
}
