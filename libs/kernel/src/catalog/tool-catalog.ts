import type { AnyToolDefinition } from '@orcaops/plugin-api';

/** A tool in the catalog, with the plugin that contributed it. */
export interface CatalogEntry {
  readonly tool: AnyToolDefinition;
  readonly pluginId: string;
}

/** Two plugins (or one plugin twice) declared the same tool name: a fatal start-up error. */
export class DuplicateToolError extends Error {
  override readonly name = 'DuplicateToolError';
}

/**
 * Why a plugin's tools cannot join those accepted so far (a name taken, or declared twice by the plugin itself),
 * or null when they can.
 */
export function findClash(
  accepted: ReadonlyArray<{ readonly id: string; readonly tools: readonly AnyToolDefinition[] }>,
  plugin: { readonly id: string; readonly source: string; readonly tools: readonly AnyToolDefinition[] },
): string | null {
  const owners = new Map(accepted.flatMap((other) => other.tools.map((tool) => [tool.name, other.id] as const)));
  const own = new Set<string>();
  for (const tool of plugin.tools) {
    const owner = owners.get(tool.name);
    if (owner !== undefined) return `Tool "${tool.name}" of plugin ${plugin.id} (${plugin.source}) is already declared by plugin ${owner}`;
    if (own.has(tool.name)) return `Tool "${tool.name}" is declared twice by plugin ${plugin.id} (${plugin.source})`;
    own.add(tool.name);
  }
  return null;
}

/** The frozen set of tools, in load order. */
export class ToolCatalog {
  private readonly byName: ReadonlyMap<string, CatalogEntry>;

  private constructor(readonly entries: readonly CatalogEntry[]) {
    this.byName = new Map(entries.map((entry) => [entry.tool.name, entry]));
  }

  /**
   * Builds the catalog.
   * @throws DuplicateToolError naming both contributors.
   */
  static from(contributions: ReadonlyArray<{ pluginId: string; source: string; tools: readonly AnyToolDefinition[] }>): ToolCatalog {
    const seen = new Map<string, string>();
    const entries: CatalogEntry[] = [];
    for (const { pluginId, source, tools } of contributions) {
      for (const tool of tools) {
        const previous = seen.get(tool.name);
        if (previous !== undefined) {
          throw new DuplicateToolError(
            `Tool "${tool.name}" is declared by both ${previous} and ${pluginId} (${source}). Remove one of the plugins from orcaops.config.json.`,
          );
        }
        seen.set(tool.name, `${pluginId} (${source})`);
        entries.push(Object.freeze({ tool: Object.freeze(tool), pluginId }));
      }
    }
    return new ToolCatalog(Object.freeze(entries));
  }

  /** The same catalog with only the tools named, in load order. */
  only(names: readonly string[]): ToolCatalog {
    const keep = new Set(names);
    return new ToolCatalog(Object.freeze(this.entries.filter((entry) => keep.has(entry.tool.name))));
  }

  /** The tool with this name, if any. */
  get(name: string): CatalogEntry | undefined {
    return this.byName.get(name);
  }

  /** Tool names in load order. */
  names(): string[] {
    return this.entries.map((entry) => entry.tool.name);
  }

  /** Tools grouped by category, categories in first-seen order. */
  byCategory(): Map<string, AnyToolDefinition[]> {
    const groups = new Map<string, AnyToolDefinition[]>();
    for (const { tool } of this.entries) {
      const group = groups.get(tool.category) ?? [];
      group.push(tool);
      groups.set(tool.category, group);
    }
    return groups;
  }
}
