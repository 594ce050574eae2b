import { isSecretRef, type SecretResolver } from '@orcaops/plugin-api';
import type { JobSpec } from '@orcaops/contracts';

/**
 * The job's environment with every `{ secret }` reference replaced by its value. Called when the container is
 * created (and at submission, to refuse a reference that does not resolve before anything is queued); the values
 * live only in the create call and in the redactor, never in the spec that is recorded.
 */
export async function resolveEnv(env: JobSpec['env'], secrets: SecretResolver, fileRoots: readonly string[]): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) resolved[name] = isSecretRef(value) ? await secrets.resolve(value.secret, { fileRoots }) : value;
  return resolved;
}
