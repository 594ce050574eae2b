import { Text } from 'ink';
import type { FilterState } from './useFilter.js';

/** Rows the filter line takes: one while it is typed or set, none otherwise (views subtract it from their height). */
export function filterRows(filter: FilterState): number {
  return filter.typing || filter.text !== '' ? 1 : 0;
}

/** `/web▏` while typing; `filter "web" · 2 of 5 · esc clears` once set. */
export function FilterLine({ filter, shown, total }: { readonly filter: FilterState; readonly shown: number; readonly total: number }) {
  if (filterRows(filter) === 0) return null;
  if (filter.typing) {
    return (
      <Text wrap="truncate-end">
        <Text color="cyan">/</Text>
        {filter.text}
        <Text inverse> </Text>
        <Text dimColor>{`  ${shown} of ${total} · enter keep · esc clear`}</Text>
      </Text>
    );
  }
  return <Text color="cyan" wrap="truncate-end">{`filter "${filter.text}" · ${shown} of ${total} · esc clears`}</Text>;
}
