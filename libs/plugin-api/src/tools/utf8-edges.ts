// Byte-slice edges that respect UTF-8 characters, so a bounded slice of output never shows half a character
// (which would decode as U+FFFD and then reappear, whole, in the next slice).

const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

/** Length of the sequence a lead byte starts (1 for ASCII and for bytes that cannot start a sequence). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

/**
 * Index of the first byte at or after `from` that is not inside a character begun before `from`: skips at most 3
 * continuation bytes (a longer run is not valid UTF-8 and is left for the decoder).
 */
export function characterStart(bytes: Uint8Array, from: number, to: number): number {
  let index = from;
  while (index < to && index < from + 3 && isContinuation(bytes[index]!)) index++;
  // A fourth continuation byte in a row means the data is not UTF-8 here; do not guess.
  if (index === from + 3 && index < to && isContinuation(bytes[index]!)) return from;
  return index;
}

/**
 * End index (≤ `to`) that leaves out a character cut off at `to`: if the last lead byte within the final four
 * bytes starts a sequence longer than what remains, the slice ends before that lead byte.
 */
export function characterEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let index = to - 1; index >= Math.max(from, to - 4); index--) {
    const byte = bytes[index]!;
    if (isContinuation(byte)) continue;
    return index + sequenceLength(byte) > to ? index : to;
  }
  return to;
}

/**
 * The first character boundary at or after `index` (≤ `to`), judged from the bytes before it: past the rest of a
 * character whose lead byte is at most 3 bytes back; `index` itself when it is not inside one (stray
 * continuation bytes are left for the decoder). Null when the bytes reach back to 0 without telling (the caller
 * knows whether output began there).
 */
export function characterBoundary(bytes: Uint8Array, index: number, to: number): number | null {
  for (let back = 1; back <= 3; back++) {
    if (index - back < 0) return null;
    const byte = bytes[index - back]!;
    if (isContinuation(byte)) continue;
    const end = Math.min(index - back + sequenceLength(byte), to);
    let boundary = index;
    while (boundary < end && isContinuation(bytes[boundary]!)) boundary++;
    return boundary;
  }
  return index;
}
