import type { StyledLine } from './job-format.js';
import { StyledLines } from './StyledLines.js';
import type { PendingConfirmation } from './useConfirmation.js';

/** The prompt as lines: the question, what it does, each option as a checkbox with its key, and the keys. */
export function confirmLines({ request, choices }: PendingConfirmation): StyledLine[] {
  const options = request.options ?? [];
  const lines: StyledLine[] = [[{ text: '? ', color: 'yellow', bold: true }, { text: request.question, bold: true }]];
  if (request.detail) lines.push([{ text: `  ${request.detail}`, dim: true }]);
  for (const option of options) {
    const on = choices[option.name] ?? false;
    lines.push([
      { text: `  [${on ? 'x' : ' '}] `, ...(on ? { color: 'red', bold: true } : {}) },
      { text: option.label, ...(on ? { bold: true } : {}) },
      { text: `  (${option.key} toggles)`, dim: true },
    ]);
  }
  lines.push([
    { text: `  y/enter ${request.verb}`, color: 'yellow', bold: true },
    { text: ' · n/esc cancel', bold: true },
  ]);
  return lines;
}

/**
 * A confirmation before a tool changes something: y or Enter confirms, n or Esc cancels, option keys toggle the
 * choices (all off at first). Drawn here; its keys come from the owning view through `useConfirmation`.
 */
export function ConfirmPrompt({ pending }: { readonly pending: PendingConfirmation }) {
  return <StyledLines lines={confirmLines(pending)} />;
}
