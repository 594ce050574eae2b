// Which API key scope a tool needs, decided from what the tool declares (its name, annotations and category) so a
// new tool is classified without a list to maintain: read-only tools need `read`; OrcaOps's own jobs and sandboxes
// tools that change things need `run` (running work, including cancelling it, stopping and exec'ing in sandboxes, is
// what a `run` key is for); every other change (containers, cleanup, deleting runs, and every plugin tool that
// changes things, whatever category it claims) needs `admin`.
import { BUILTIN_TOOL_PREFIX } from '@orcaops/plugin-api';
import type { KeyScope } from './api-key-store.js';

/** Categories whose changing tools a `run` key may call. */
const RUN_CATEGORIES: ReadonlySet<string> = new Set(['jobs', 'sandboxes']);

const RANK: Readonly<Record<KeyScope, number>> = { read: 0, run: 1, admin: 2 };

/** The least scope that may call the tool. */
export function requiredScope(tool: {
  readonly name: string;
  readonly annotations: { readonly readOnlyHint: boolean };
  readonly category: string;
}): KeyScope {
  if (tool.annotations.readOnlyHint) return 'read';
  // The orcaops_ prefix is reserved for the built-ins: a plugin cannot reach `run` by naming its category jobs.
  const builtin = tool.name.startsWith(`${BUILTIN_TOOL_PREFIX}_`);
  return builtin && RUN_CATEGORIES.has(tool.category) ? 'run' : 'admin';
}

/** True when a key of scope `have` may call a tool that needs `need` (admin ⊇ run ⊇ read). */
export function scopeAllows(have: KeyScope, need: KeyScope): boolean {
  return RANK[have] >= RANK[need];
}
