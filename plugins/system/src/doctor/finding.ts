import type { Finding } from '@orcaops/contracts';

export type { Finding, FindingStatus } from '@orcaops/contracts';

/** Longest `detail` a finding keeps, so that findings stay a small, fixed part of the reply budget. */
export const MAX_DETAIL_CHARS = 600;
/** How many items (containers, runs, files, plugins) a finding names before saying how many more there are. */
export const MAX_NAMED_ITEMS = 3;

export const ok = (id: string, title: string, detail: string): Finding => ({ id, status: 'ok', title, detail: clip(detail), fix: null });
export const warn = (id: string, title: string, detail: string, fix: string): Finding => ({ id, status: 'warn', title, detail: clip(detail), fix: clip(fix) });
export const problem = (id: string, title: string, detail: string, fix: string): Finding => ({ id, status: 'problem', title, detail: clip(detail), fix: clip(fix) });

/** A check that could not run is never reported as passing: it says why and what to fix first. */
export const notChecked = (id: string, title: string, why: string, fix: string): Finding => warn(id, `${title}: not checked`, why, fix);

/** `a, b, c and 4 more`: the first few items of a list that may be long. */
export function nameSome(items: readonly string[], limit = MAX_NAMED_ITEMS): string {
  const named = items.slice(0, limit).join(', ');
  return items.length > limit ? `${named} and ${items.length - limit} more` : named;
}

/** `1 container`, `3 containers`. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function clip(text: string, max = MAX_DETAIL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
