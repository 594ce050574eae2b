import { z } from 'zod';

/**
 * Letters, digits, `_` and `-`, starting with a letter or digit: the name becomes the compose project name (in
 * lower case), which compose v2 requires to start that way.
 */
export const SandboxNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'A sandbox name is 1-63 letters, digits, "_" or "-", starting with a letter or digit.');

/**
 * The compose project of a sandbox this home creates: the name in lower case (compose project names are lower
 * case) and the home's id (`homeIdOf`), so that the same name in another home on the same engine is another
 * project.
 */
export function projectNameFor(sandbox: string, homeId: string): string {
  return `${sandbox.toLowerCase()}-${homeId}`;
}
