import { realpath, readFile } from 'node:fs/promises';
import { isAbsolute, sep } from 'node:path';
import { MIN_SECRET_BYTES, OrcaError, Redactor, type SecretResolver } from '@orcaops/plugin-api';
import { FileSecretStore, MAX_SECRET_BYTES } from './file-secret-store.js';

/**
 * The secrets every plugin resolves through (`services.secrets`): references to OrcaOps's environment, to files
 * under roots the caller allows, and to the named store. Every value it hands out, and every stored one, is in
 * its redactor, which the invoker applies to every reply and the jobs plugin to every stored log.
 */
export class KernelSecrets implements SecretResolver {
  readonly redactor = new Redactor();

  constructor(
    private readonly store: FileSecretStore,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Teaches the redactor the stored secrets, so output is cleaned of them even where no job resolved them here. */
  async learnStored(): Promise<void> {
    for (const { name } of await this.store.list().catch(() => [])) {
      const value = await this.store.get(name).catch(() => null);
      if (value !== null) this.redactor.add(value);
    }
  }

  async resolve(ref: string, options: { readonly fileRoots?: readonly string[] } = {}): Promise<string> {
    const value = ref.startsWith('env:') ? this.fromEnv(ref.slice(4)) : ref.startsWith('file:') ? await fromFile(ref.slice(5), options.fileRoots ?? []) : await this.fromStore(ref);
    if (Buffer.byteLength(value) < MIN_SECRET_BYTES) {
      throw new OrcaError('VALIDATION_ERROR', `Secret ${ref} is shorter than ${MIN_SECRET_BYTES} bytes, too short to be redacted from output.`, {
        suggestion: 'Pass a value this short as a plain env value; secrets are for tokens and keys.',
      });
    }
    this.redactor.add(value);
    return value;
  }

  private fromEnv(name: string): string {
    const value = this.env[name];
    if (value === undefined) {
      throw new OrcaError('NOT_FOUND', `OrcaOps's environment has no variable ${name}.`, {
        suggestion: `Set ${name} where OrcaOps is started (for an MCP server, in the client's env for it), or store the value with: orcaops secrets set NAME.`,
      });
    }
    return value;
  }

  private async fromStore(name: string): Promise<string> {
    const value = await this.store.get(name);
    if (value === null) throw new OrcaError('NOT_FOUND', `No stored secret named ${name}.`, { suggestion: `Store it with: orcaops secrets set ${name} (the value is read from standard input).` });
    return value;
  }
}

/** A file's content, without one final newline; only under the given roots (checked after links are followed). */
async function fromFile(path: string, roots: readonly string[]): Promise<string> {
  if (!isAbsolute(path)) throw new OrcaError('VALIDATION_ERROR', `Secret file ${path} must be an absolute path.`);
  const real = await realpath(path).catch(() => {
    throw new OrcaError('NOT_FOUND', `Secret file ${path} does not exist.`);
  });
  const allowed = await Promise.all(roots.map((root) => realpath(root).catch(() => null)));
  if (!allowed.some((root) => root !== null && (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)))) {
    throw new OrcaError('PERMISSION_DENIED', `Secret file ${path} is outside the directories jobs may read from.`, {
      suggestion: 'Move it under one of the jobs plugin input_roots, or store the value with: orcaops secrets set NAME.',
    });
  }
  const content = await readFile(real);
  if (content.length > MAX_SECRET_BYTES) throw new OrcaError('LIMIT_EXCEEDED', `Secret file ${path} is larger than ${MAX_SECRET_BYTES} bytes.`);
  return content.toString('utf8').replace(/\r?\n$/, '');
}
