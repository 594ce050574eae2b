// Which API key scope a tool needs. Decided from what the tool declares (its annotations and category), so a new
// tool is classified without a list to maintain: read-only tools need `read`; tools that change things need `run`
// when they belong to jobs or sandboxes (running work is what a `run` key is for); every other change (removing
// containers, cleaning up, deleting runs, plugin tools that change things) needs `admin`.
import type { KeyScope } from './api-key-store.js';

/** Categories whose changing tools a `run` key may call. */
const RUN_CATEGORIES: ReadonlySet<string> = new Set(['jobs', 'sandboxes']);

const RANK: Readonly<Record<KeyScope, number>> = { read: 0, run: 1, admin: 2 };

/** The least scope that may call the tool. */
export function requiredScope(tool: { readonly annotations: { readonly readOnlyHint: boolean }; readonly category: string }): KeyScope {
  if (tool.annotations.readOnlyHint) return 'read';
  return RUN_CATEGORIES.has(tool.category) ? 'run' : 'admin';
}

/** True when a key of scope `have` may call a tool that needs `need` (admin ⊇ run ⊇ read). */
export function scopeAllows(have: KeyScope, need: KeyScope): boolean {
  return RANK[have] >= RANK[need];
}
