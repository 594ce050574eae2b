/** GPT Actions refuse an operation whose summary or description is longer. */
export const GPT_OPERATION_TEXT_MAX = 300;
/** GPT Actions refuse a parameter (or body field) whose description is longer. */
export const GPT_FIELD_DESCRIPTION_MAX = 700;

const ELLIPSIS = '…';

/**
 * `text` within `max` characters (UTF-16 units, never fewer than the code points a limit counts): whole sentences
 * when they fill at least half of it, else whole words ending in an ellipsis, else a hard cut. Tool descriptions
 * put when to use the tool first, so their opening sentences are the part worth keeping.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Line breaks and indentation are not worth characters once something has to go.
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let sentenceEnd = -1;
  // A sentence ends where the next one starts with a capital, a digit or a quote: "e.g. a" goes on.
  for (const match of flat.matchAll(/[.!?][)"'`]?(?= [A-Z0-9"'`])/g)) {
    const end = match.index + match[0].length;
    if (end > max) break;
    sentenceEnd = end;
  }
  if (sentenceEnd >= max / 2) return flat.slice(0, sentenceEnd);
  const room = max - ELLIPSIS.length;
  const wordEnd = flat.lastIndexOf(' ', room);
  const end = wordEnd >= room / 2 ? wordEnd : room;
  // A cut between the halves of a surrogate pair would leave invalid text.
  const safeEnd = /[\uD800-\uDBFF]/.test(flat.charAt(end - 1)) ? end - 1 : end;
  return `${flat.slice(0, safeEnd).replace(/[\s,;:(-]+$/, '')}${ELLIPSIS}`;
}
