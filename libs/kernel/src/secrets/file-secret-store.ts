import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';

/** Names of stored secrets: what a job's `{ secret: NAME }` refers to. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Largest secret value kept; secrets are tokens and keys, not files. */
export const MAX_SECRET_BYTES = 64 * 1024;

/**
 * Named secrets under `<ORCAOPS_HOME>/secrets`: one file per secret, mode 0600, in a directory of mode 0700,
 * each written whole (temporary file, flush, rename) so a reader never sees half a value.
 */
export class FileSecretStore {
  constructor(private readonly dir: string) {}

  static in(home: string): FileSecretStore {
    return new FileSecretStore(join(home, 'secrets'));
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw new OrcaError('LIMIT_EXCEEDED', `A secret may hold at most ${MAX_SECRET_BYTES} bytes.`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A directory made by an older version, or by hand, may be readable by others.
    await chmod(this.dir, 0o700);
    const temp = join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(value);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(this.dir, name));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** The value, or null when no secret has that name. */
  async get(name: string): Promise<string | null> {
    checkName(name);
    return readFile(join(this.dir, name), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }

  /** Whether there was a secret to remove. */
  async remove(name: string): Promise<boolean> {
    checkName(name);
    const existed = await stat(join(this.dir, name)).then(() => true, () => false);
    await rm(join(this.dir, name), { force: true });
    return existed;
  }

  /** Every stored secret's name and when it was last set, by name. */
  async list(): Promise<Array<{ readonly name: string; readonly updated_at: string }>> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const entries = await Promise.all(
      names.filter((name) => SECRET_NAME_PATTERN.test(name)).map(async (name) => ({ name, updated_at: (await stat(join(this.dir, name))).mtime.toISOString() })),
    );
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  }
}

function checkName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new OrcaError('VALIDATION_ERROR', `Secret names are letters, digits, _, . and - (at most 64, starting with a letter or digit); got ${JSON.stringify(name.slice(0, 80))}.`);
  }
}
