import { readFile } from 'node:fs/promises';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { writeFileAtomic } from '@orcaops/contracts';

/** Remembers the last `tools/list` answer so that the next start can answer before the plugins have loaded. */
export interface ToolListCache {
  /** The remembered list, or null when there is none (or it cannot be read). Never throws. */
  read(): Promise<Tool[] | null>;
  /** Replaces the remembered list. Never throws. */
  write(tools: Tool[]): Promise<void>;
}

/** A {@link ToolListCache} in one JSON file, written atomically. */
export class FileToolListCache implements ToolListCache {
  constructor(private readonly path: string) {}

  async read(): Promise<Tool[] | null> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as { tools?: unknown };
      return Array.isArray(parsed.tools) ? (parsed.tools as Tool[]) : null;
    } catch {
      return null;
    }
  }

  async write(tools: Tool[]): Promise<void> {
    try {
      await writeFileAtomic(this.path, JSON.stringify({ tools }));
    } catch {
      // A cache that cannot be written only costs start-up time next time.
    }
  }
}
