import type { Redactor } from './redactor.js';

/**
 * Secrets by reference: a job's env value may be `{ "secret": REF }` instead of the value itself, and the value is
 * looked up only when the container is created, so it never reaches the run record, caches, logs or replies.
 */
export interface SecretResolver {
  /**
   * The value `ref` names: `env:NAME` (OrcaOps's own environment), `file:/absolute/path` (a file under one of
   * `fileRoots`), or the name of a secret set with `orcaops secrets set NAME`. The value is added to
   * {@link redactor} before it is returned.
   * @throws OrcaError `NOT_FOUND` (no such variable, file or secret), `PERMISSION_DENIED` (a file outside the
   * roots), `VALIDATION_ERROR` (a malformed reference, or a value too short to be redacted).
   */
  resolve(ref: string, options?: { readonly fileRoots?: readonly string[] }): Promise<string>;
  /** Every value resolved in this process, removed from whatever OrcaOps stores or shows. */
  readonly redactor: Redactor;
}

/** A reference where a value could be: `{ secret: "env:TOKEN" }`. */
export interface SecretRef {
  readonly secret: string;
}

export function isSecretRef(value: unknown): value is SecretRef {
  return typeof value === 'object' && value !== null && typeof (value as { secret?: unknown }).secret === 'string';
}
