import type { ToolAnnotations } from '@orcaops/plugin-api';
import type { ToolPreset, ToolSelection } from '../config/config-schema.js';

/** GPT Actions import at most this many operations (one per tool: its primary route). */
export const GPT_MAX_OPERATIONS = 30;

/** What selection needs of a catalog entry; the entry itself comes back, so callers keep their own type. */
export interface SelectableEntry {
  readonly tool: { readonly name: string; readonly category: string; readonly annotations: ToolAnnotations };
}

export interface SelectedTools<T> {
  /** The tools served, in catalog order. */
  readonly selected: T[];
  /** Names in `allow` or `deny` that match no tool (typos, or a plugin that did not load): worth a warning. */
  readonly unknown: string[];
  /** Tools the `gpt` preset left out to stay within {@link GPT_MAX_OPERATIONS}; `allow` brings one back. */
  readonly dropped: string[];
}

/** Verbs of tools that throw work away; a Custom GPT should not have them without someone asking for it. */
const REMOVING_VERBS = new Set(['remove', 'delete', 'cleanup', 'prune', 'purge', 'destroy']);

type Entry = SelectableEntry['tool'];

const PRESETS: Record<ToolPreset, (tool: Entry) => boolean> = {
  all: () => true,
  'read-only': (tool) => tool.annotations.readOnlyHint,
  jobs: (tool) => tool.category === 'jobs' || tool.category === 'runs' || (tool.category === 'system' && tool.annotations.readOnlyHint),
  // Reading everything, plus doing work in jobs and sandboxes; throwing things away stays with the people at the
  // terminal. Tool names are `<prefix>_<verb>_<noun>`, so the verb is the second word.
  gpt: (tool) =>
    tool.annotations.readOnlyHint ||
    ((tool.category === 'jobs' || tool.category === 'sandboxes') && !REMOVING_VERBS.has(tool.name.split('_')[1] ?? '')),
};

/**
 * The tools a host serves: the preset's, then `allow` added and `deny` taken out by name (`deny` wins). The
 * `gpt` preset keeps within {@link GPT_MAX_OPERATIONS} by dropping its last tools in catalog order (plugins load
 * after the built-ins); names given in `allow` are kept whatever the count, since someone asked for them.
 */
export function selectTools<T extends SelectableEntry>(entries: readonly T[], selection: ToolSelection): SelectedTools<T> {
  // An entry of allow or deny names a tool or a whole category (e.g. "containers").
  const allow = new Set(selection.allow);
  const deny = new Set(selection.deny);
  const allowed = (tool: Entry) => (allow.has(tool.name) || allow.has(tool.category)) && !denied(tool);
  const denied = (tool: Entry) => deny.has(tool.name) || deny.has(tool.category);
  const known = new Set(entries.flatMap((entry) => [entry.tool.name, entry.tool.category]));
  const unknown = [...new Set([...selection.allow, ...selection.deny])].filter((name) => !known.has(name));

  const inPreset = PRESETS[selection.preset];
  let fromPreset = entries.filter((entry) => inPreset(entry.tool) && !denied(entry.tool) && !allowed(entry.tool));
  const dropped: string[] = [];
  if (selection.preset === 'gpt') {
    const allowedCount = entries.filter((entry) => allowed(entry.tool)).length;
    const room = Math.max(0, GPT_MAX_OPERATIONS - allowedCount);
    dropped.push(...fromPreset.slice(room).map((entry) => entry.tool.name));
    fromPreset = fromPreset.slice(0, room);
  }
  const chosen = new Set<T>(fromPreset);
  const selected = entries.filter((entry) => chosen.has(entry) || allowed(entry.tool));
  return { selected, unknown, dropped };
}
