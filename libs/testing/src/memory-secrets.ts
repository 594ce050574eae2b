import { OrcaError, Redactor, type SecretResolver } from '@orcaops/plugin-api';

/** Secrets for tests: references resolve from a fixed table, and resolved values are redacted as the kernel does. */
export class MemorySecrets implements SecretResolver {
  readonly redactor = new Redactor();

  constructor(private readonly values: Readonly<Record<string, string>> = {}) {}

  async resolve(ref: string): Promise<string> {
    const value = this.values[ref];
    if (value === undefined) throw new OrcaError('NOT_FOUND', `No secret ${ref} in this test.`);
    this.redactor.add(value);
    return value;
  }
}
