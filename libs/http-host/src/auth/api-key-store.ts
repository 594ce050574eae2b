// The API keys of the HTTP host, kept in `<ORCAOPS_HOME>/http/keys.json` (mode 0600, directory 0700). A key is
// shown once as a token `orcaops_<id>_<secret>`; the file keeps only the id, a name, a scope and the sha256 of the
// secret, so a leaked file lets nobody call. Every change is a read-modify-write under the cross-process file lock
// and lands atomically, so `orcaops keys` in a terminal and a running `orcaops serve` never lose each other's
// updates. `verify` runs on every request: it keeps the parsed file and re-reads it only when the file changed,
// so a revoke by another process is in force from the next request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { OrcaError } from '@orcaops/plugin-api';
import { withFileLock, writeFileAtomic } from '@orcaops/contracts';
import { z } from 'zod';
import { keysFile } from '../config/http-config.js';

/** What a key may call: `read` the read-only tools, `run` also jobs and sandboxes, `admin` everything. */
export const KEY_SCOPES = ['read', 'run', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** A key as shown to people and to the server: never its hash. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scope: KeyScope;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

/** A token's fate: the key it belongs to, or why it was refused. */
export type VerifyResult =
  | { readonly ok: true; readonly key: ApiKeyView }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'revoked' };

const TOKEN_PREFIX = 'orcaops_';
const ID_PATTERN = /^[0-9a-f]{12}$/;
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
// 32 random bytes are 43 base64url characters without padding; `_` may occur in them, the id's fixed length keeps
// the split unambiguous.
const TOKEN_PATTERN = /^orcaops_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

// Loose records: fields a later OrcaOps adds survive a rewrite by this one.
const KeyRecordSchema = z.looseObject({
  id: z.string().regex(ID_PATTERN),
  name: z.string().regex(NAME_PATTERN),
  scope: z.enum(KEY_SCOPES),
  secret_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
type KeyRecord = z.infer<typeof KeyRecordSchema>;

const KeysFileSchema = z.looseObject({ version: z.literal(1), keys: z.array(KeyRecordSchema) });
type KeysFileContent = z.infer<typeof KeysFileSchema>;

/** Stands in for the stored digest of an unknown id, so an unknown id costs the same comparison as a known one. */
const NO_DIGEST = Buffer.alloc(32);

interface Snapshot {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
  readonly keys: readonly KeyRecord[];
}

export interface ApiKeyStoreOptions {
  /** The time stamped on created and revoked keys. */
  readonly clock?: () => Date;
  /** Compares two digests; `crypto.timingSafeEqual` unless a test watches what is compared. */
  readonly compare?: (a: Buffer, b: Buffer) => boolean;
}

export class ApiKeyStore {
  /** The keys file. */
  readonly file: string;
  private readonly clock: () => Date;
  private readonly compare: (a: Buffer, b: Buffer) => boolean;
  /** The file as last read, with the stat that identifies that version; null: not read yet or absent. */
  private snapshot: Snapshot | null = null;

  /** @param stateDir `<ORCAOPS_HOME>/http` (`HttpConfig.stateDir`). */
  constructor(
    private readonly stateDir: string,
    options: ApiKeyStoreOptions = {},
  ) {
    this.file = keysFile(stateDir);
    this.clock = options.clock ?? (() => new Date());
    this.compare = options.compare ?? timingSafeEqual;
  }

  /**
   * Makes a key; the token is returned here only and cannot be recovered later.
   * @throws OrcaError `VALIDATION_ERROR` for a bad name or scope, `CONFLICT` when an active key has the name.
   */
  async create(name: string, scope: string): Promise<{ readonly key: ApiKeyView; readonly token: string }> {
    checkName(name);
    const checkedScope = checkScope(scope);
    const secret = randomBytes(32).toString('base64url');
    return this.mutate((keys) => {
      if (keys.some((key) => key.name === name && key.revoked_at === null)) {
        throw new OrcaError('CONFLICT', `An active API key is already named "${name}".`, {
          suggestion: `Choose another name, or revoke the old key first (orcaops keys revoke ${name}).`,
        });
      }
      let id: string;
      do id = randomBytes(6).toString('hex');
      while (keys.some((key) => key.id === id));
      const record: KeyRecord = { id, name, scope: checkedScope, secret_sha256: sha256(secret).toString('hex'), created_at: this.clock().toISOString(), revoked_at: null };
      return { keys: [...keys, record], result: { key: view(record), token: `${TOKEN_PREFIX}${id}_${secret}` } };
    });
  }

  /** Every key, revoked ones included, oldest first. */
  async list(): Promise<ApiKeyView[]> {
    return (await this.current()).map(view);
  }

  /**
   * Revokes a key by id, or by name (the active key of that name, else the latest revoked one). Revoking a revoked
   * key changes nothing: it keeps its first `revoked_at`.
   * @throws OrcaError `NOT_FOUND` when no key has that id or name.
   */
  async revoke(idOrName: string): Promise<ApiKeyView> {
    return this.mutate((keys) => {
      const index = findKey(keys, idOrName);
      if (index < 0) {
        throw new OrcaError('NOT_FOUND', `No API key has the id or name "${idOrName.slice(0, 80)}".`, { suggestion: 'Run orcaops keys list to see the keys, then revoke one by its id.' });
      }
      const found = keys[index]!;
      if (found.revoked_at !== null) return { keys: null, result: view(found) };
      const revoked = { ...found, revoked_at: this.clock().toISOString() };
      return { keys: keys.map((key, at) => (at === index ? revoked : key)), result: view(revoked) };
    });
  }

  /**
   * Checks a presented token. An unknown id and a wrong secret look the same (`unknown`), so only the holder of a
   * key's secret learns that it was revoked.
   * @throws OrcaError `CONFIG_INVALID` when keys.json is damaged: the server must refuse, not let everyone in.
   */
  async verify(token: string): Promise<VerifyResult> {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return { ok: false, reason: 'malformed' };
    const id = match[1]!;
    const secret = match[2]!;
    const key = (await this.current()).find((candidate) => candidate.id === id);
    // Both sides are 32-byte digests, so the comparison's time depends on neither the secret nor its length.
    const same = this.compare(sha256(secret), key ? Buffer.from(key.secret_sha256, 'hex') : NO_DIGEST);
    if (!key || !same) return { ok: false, reason: 'unknown' };
    if (key.revoked_at !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, key: view(key) };
  }

  /** True when at least one key is not revoked. */
  async hasActiveKeys(): Promise<boolean> {
    return (await this.current()).some((key) => key.revoked_at === null);
  }

  /** The keys, from memory while the file is unchanged (same mtime, size and inode), else read again. */
  private async current(): Promise<readonly KeyRecord[]> {
    const seen = await statIfPresent(this.file);
    if (seen === null) {
      this.snapshot = null;
      return [];
    }
    const cached = this.snapshot;
    if (cached && cached.mtimeMs === seen.mtimeMs && cached.size === seen.size && cached.ino === seen.ino) return cached.keys;
    // Read through one handle and stamp the content with that handle's stat: a replacement landing between the
    // stat above and the read cannot pair new content with the old stat (which would pin it in the cache).
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw readFailure(this.file, error);
    }
    try {
      const stats = await handle.stat();
      const keys = this.parse(await handle.readFile('utf8')).keys;
      this.snapshot = { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino, keys };
      return keys;
    } finally {
      await handle.close();
    }
  }

  /** Applies `change` to the keys under the lock; `keys: null` means nothing to write. */
  private async mutate<T>(change: (keys: readonly KeyRecord[]) => { readonly keys: readonly KeyRecord[] | null; readonly result: T }): Promise<T> {
    // Made here, private, before withFileLock makes it with default permissions.
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    return withFileLock(`${this.file}.lock`, async () => {
      const content = await this.readFresh();
      const { keys, result } = change(content?.keys ?? []);
      if (keys !== null) {
        const next: KeysFileContent = { ...content, version: 1, keys: [...keys] };
        await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      }
      return result;
    });
  }

  /** The file as it is now (never the cache: a change must start from the latest keys). */
  private async readFresh(): Promise<KeysFileContent | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw readFailure(this.file, error);
    }
    return this.parse(text);
  }

  private parse(text: string): KeysFileContent {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw damaged(this.file, 'it is not JSON', error);
    }
    const parsed = KeysFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw damaged(this.file, `${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new OrcaError('VALIDATION_ERROR', `The key name "${name.slice(0, 80)}" is not valid: use 1 to 64 letters, digits, dots, underscores or dashes.`, {
      suggestion: 'Pick a name like "my-gpt" or "ci.nightly" that says who uses the key.',
    });
  }
  // `keys revoke` takes an id or a name; a name shaped like an id would make that ambiguous.
  if (ID_PATTERN.test(name)) {
    throw new OrcaError('VALIDATION_ERROR', `The key name "${name}" looks like a key id (12 hex digits).`, { suggestion: 'Pick a name with a letter other than a-f, a dot or a dash in it.' });
  }
}

function checkScope(scope: string): KeyScope {
  if ((KEY_SCOPES as readonly string[]).includes(scope)) return scope as KeyScope;
  throw new OrcaError('VALIDATION_ERROR', `The scope "${scope.slice(0, 40)}" is not one of ${KEY_SCOPES.join(', ')}.`, {
    suggestion: 'Use read (read-only tools), run (also jobs and sandboxes) or admin (every tool).',
  });
}

function findKey(keys: readonly KeyRecord[], idOrName: string): number {
  const byId = keys.findIndex((key) => key.id === idOrName);
  if (byId >= 0) return byId;
  const active = keys.findIndex((key) => key.name === idOrName && key.revoked_at === null);
  if (active >= 0) return active;
  return keys.findLastIndex((key) => key.name === idOrName);
}

const view = (key: KeyRecord): ApiKeyView => ({ id: key.id, name: key.name, scope: key.scope, created_at: key.created_at, revoked_at: key.revoked_at });

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

async function statIfPresent(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw readFailure(path, error);
  }
}

function damaged(file: string, why: string, cause?: unknown): OrcaError {
  return new OrcaError('CONFIG_INVALID', `The API key file ${file} is damaged (${why}).`, {
    suggestion: `Restore it from a backup, or move it aside and create the keys again (orcaops keys create); until then no key is accepted.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

function readFailure(file: string, error: unknown): unknown {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') {
    return new OrcaError('PERMISSION_DENIED', `Cannot read the API key file ${file} (${code}).`, { suggestion: 'Run OrcaOps as the user who owns ORCAOPS_HOME, or fix the file permissions (0600).', cause: error });
  }
  return error;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
