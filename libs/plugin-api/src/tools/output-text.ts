/**
 * How OrcaOps shows program output (job logs, step tails, container logs, exec output) as text in a reply.
 *
 * Output is bytes, often not text: colours, progress bars, binary dumps, invalid UTF-8. Sent as-is, every control
 * byte becomes a six-character JSON escape (twice, once per reply copy) and terminal sequences are noise to a
 * model. So text replies show output as a terminal would leave it readable:
 * - invalid UTF-8 decodes as U+FFFD;
 * - terminal escape sequences (CSI such as colours and cursor moves, OSC such as titles and links, and other
 *   ESC sequences) are removed;
 * - tab, newline and carriage return stay; every other control character (C0, DEL, C1) becomes U+FFFD.
 * `replaced` counts what was removed or replaced, so a reply can say the text is not byte-exact; tools that must
 * give the exact bytes offer base64 instead (e.g. `encoding: "base64"`).
 */

/** Output shown as text, and how many sequences or characters were removed or replaced to show it. */
export interface OutputText {
  readonly text: string;
  readonly replaced: number;
}

/**
 * CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings (ESC P/X/^/_ … ESC \), and
 * two-character ESC sequences; also their 8-bit C1 forms (U+009B CSI, U+009D OSC). An unterminated string
 * sequence runs to the end of the text (a terminal would swallow it too).
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|(?:\u001B\]|\u009D)[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|\u001B[PX^_][^\u001B\u009C]*(?:\u001B\\|\u009C)?|\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;

/** Control characters other than tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

const REPLACEMENT = '\uFFFD';

/** Shows decoded output (e.g. a stored step tail) as reply text; see the module comment for the rules. */
export function toOutputText(decoded: string): OutputText {
  let replaced = 0;
  const withoutSequences = decoded.replace(ESCAPE_SEQUENCE, () => {
    replaced++;
    return '';
  });
  const text = withoutSequences.replace(CONTROL, () => {
    replaced++;
    return REPLACEMENT;
  });
  return { text, replaced };
}

/** Decodes output bytes as UTF-8 (invalid sequences become U+FFFD and count as replaced) and shows them as text. */
export function decodeOutputText(bytes: Uint8Array): OutputText {
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const invalid = countReplacementChars(decoded) - countValidReplacementChars(bytes);
  const shown = toOutputText(decoded);
  return { text: shown.text, replaced: shown.replaced + Math.max(0, invalid) };
}

function countReplacementChars(text: string): number {
  let count = 0;
  for (let index = text.indexOf(REPLACEMENT); index !== -1; index = text.indexOf(REPLACEMENT, index + 1)) count++;
  return count;
}

/** U+FFFD that the bytes themselves contain (EF BF BD), which are not replacements. */
function countValidReplacementChars(bytes: Uint8Array): number {
  let count = 0;
  for (let index = 0; index + 2 < bytes.length; index++) {
    if (bytes[index] === 0xef && bytes[index + 1] === 0xbf && bytes[index + 2] === 0xbd) count++;
  }
  return count;
}
