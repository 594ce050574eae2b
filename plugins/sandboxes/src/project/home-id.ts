import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * A short, stable id of an OrcaOps home: 8 hex digits of the sha256 of its real path. It goes into the compose
 * project names of the sandboxes that home creates, so two homes on one engine never share a project. The real
 * path, so that a home reached through a symbolic link is the same home; a home that does not exist yet is hashed
 * as given.
 */
export async function homeIdOf(home: string): Promise<string> {
  const path = await realpath(home).catch(() => resolve(home));
  return createHash('sha256').update(path).digest('hex').slice(0, 8);
}
