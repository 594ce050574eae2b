import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OrcaError } from '@orcaops/plugin-api';
import { withFileLock, writeFileAtomic } from '@orcaops/contracts';

const EntrySchema = z.object({
  name: z.string(),
  /** The compose project name (`-p`). */
  project: z.string(),
  /** Null for a compose project registered as it was. */
  template: z.string().nullable(),
  /** Absolute sandbox directory. */
  path: z.string(),
  /** Relative to `path`. */
  compose_file: z.string(),
  created_at: z.string(),
});

const FileSchema = z.object({ version: z.literal(1), sandboxes: z.array(EntrySchema) });

/** One registered sandbox, as stored. */
export type SandboxEntry = z.infer<typeof EntrySchema>;

/**
 * The sandboxes OrcaOps knows, in `<ORCAOPS_HOME>/sandboxes.json`. Every change is a locked read-modify-write
 * with an atomic replace, so concurrent processes never lose an update and a crash never leaves half a file. Names
 * are unique regardless of case, because they become (part of) compose project names, which are lower case.
 */
export class SandboxRegistry {
  private readonly file: string;

  constructor(home: string) {
    this.file = join(home, 'sandboxes.json');
  }

  async list(): Promise<SandboxEntry[]> {
    return (await this.read()).sandboxes;
  }

  /** The sandbox of that name in any case, if registered. */
  async find(name: string): Promise<SandboxEntry | undefined> {
    return find(await this.list(), name);
  }

  /** @throws `SANDBOX_NOT_FOUND`. */
  async get(name: string): Promise<SandboxEntry> {
    const entry = await this.find(name);
    if (!entry) throw new OrcaError('SANDBOX_NOT_FOUND', `Sandbox "${name}" is not registered.`);
    return entry;
  }

  /**
   * Adds an entry; with `replace`, an entry of the same name is replaced.
   * @throws `SANDBOX_EXISTS` when the name, or another sandbox's directory or compose project, is taken.
   */
  async add(entry: SandboxEntry, options: { replace?: boolean } = {}): Promise<void> {
    await this.update((sandboxes) => {
      const same = find(sandboxes, entry.name);
      if (same && !options.replace) throw new OrcaError('SANDBOX_EXISTS', `Sandbox "${same.name}" already exists (in ${same.path}).`);
      const owner = sandboxes.find((other) => other !== same && (other.path === entry.path || other.project === entry.project));
      if (owner) {
        const what = owner.path === entry.path ? `Directory ${entry.path}` : `Compose project "${entry.project}"`;
        throw new OrcaError('SANDBOX_EXISTS', `${what} already belongs to sandbox "${owner.name}".`, {
          suggestion: `Use sandbox "${owner.name}", or choose another ${owner.path === entry.path ? 'directory' : 'project name'}.`,
        });
      }
      return [...sandboxes.filter((other) => other !== same), entry];
    });
  }

  /** @throws `SANDBOX_NOT_FOUND`. */
  async remove(name: string): Promise<void> {
    await this.update((sandboxes) => {
      const entry = find(sandboxes, name);
      if (!entry) throw new OrcaError('SANDBOX_NOT_FOUND', `Sandbox "${name}" is not registered.`);
      return sandboxes.filter((other) => other !== entry);
    });
  }

  private async update(change: (sandboxes: SandboxEntry[]) => SandboxEntry[]): Promise<void> {
    await withFileLock(`${this.file}.lock`, async () => {
      const next = change((await this.read()).sandboxes);
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, sandboxes: next }, null, 2) + '\n');
    });
  }

  /** A damaged file is reported, never overwritten: it may be the only record of the user's sandboxes. */
  private async read(): Promise<z.infer<typeof FileSchema>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sandboxes: [] };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = FileSchema.safeParse(parsed);
    if (!result.success) {
      throw new OrcaError('INTERNAL', `The sandbox registry ${this.file} is damaged and was left untouched.`, {
        suggestion: `Repair ${this.file} (format: {"version": 1, "sandboxes": [...]}) or move it aside; then register the sandboxes again.`,
      });
    }
    return result.data;
  }
}

function find(sandboxes: readonly SandboxEntry[], name: string): SandboxEntry | undefined {
  const key = name.toLowerCase();
  return sandboxes.find((entry) => entry.name.toLowerCase() === key);
}
