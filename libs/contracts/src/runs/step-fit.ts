import { fitText, replyWireBytes, toOutputText, type OutputText } from '@orcaops/plugin-api';
import type { StepRecord } from './run-record.js';

/**
 * Fitting a job's steps into a reply budget: their commands (start kept) and output tails (end kept, shown as
 * text), for the tools that show steps (job status, run_job, get_run). Sizes are wire bytes as
 * {@link replyWireBytes} counts them; a value costs the same wherever it sits in a reply (both copies are made
 * character by character), so a tool measures its reply once with empty strings and lists, then spends what is
 * left here.
 */

/** Bytes `value` adds to a reply where `placeholder` stood (e.g. a text where `''` was measured, a list where `[]` was). */
export function addedWireBytes(value: unknown, placeholder: unknown = ''): number {
  return replyWireBytes(value) - replyWireBytes(placeholder);
}

/** A part asking for a share of a budget: how much it could use, and how much it counts against the others. */
export interface BudgetClaim {
  readonly need: number;
  readonly weight: number;
}

/**
 * Splits `budget` among `claims` in proportion to their weights, no claim getting more than it needs: what a
 * small claim leaves goes to the others (water-filling). Returns each claim's share, in order.
 */
export function shareBudget(claims: readonly BudgetClaim[], budget: number): number[] {
  const shares = claims.map(() => 0);
  let open = claims.flatMap((claim, index) => (claim.need > 0 && claim.weight > 0 ? [index] : []));
  let left = Math.max(0, budget);
  while (open.length > 0) {
    const weights = open.reduce((sum, index) => sum + claims[index]!.weight, 0);
    const fair = (index: number) => (left * claims[index]!.weight) / weights;
    const satisfied = open.filter((index) => claims[index]!.need <= fair(index));
    if (satisfied.length === 0) {
      for (const index of open) shares[index] = Math.floor(fair(index));
      break;
    }
    for (const index of satisfied) {
      shares[index] = claims[index]!.need;
      left -= claims[index]!.need;
    }
    open = open.filter((index) => !satisfied.includes(index));
  }
  return shares;
}

/** The end of one stream's output as a reply shows it. */
export interface FittedTail {
  readonly text: string;
  /** True when the reply shows less than the tail it was given. */
  readonly cut: boolean;
  /** Escape sequences removed and control characters replaced in `text` (see `toOutputText`). */
  readonly replaced: number;
}

/**
 * Shows an output tail as text (`toOutputText`) and keeps its end within `maxBytes` ({@link addedWireBytes}
 * over an empty string). The cut is made in the output before it is shown, so `replaced` counts only what the
 * reply shows.
 */
export function fitOutputTail(tail: string, maxBytes: number): FittedTail {
  return fitShownTail(tail, toOutputText(tail), maxBytes);
}

/** {@link fitOutputTail} with `whole`, the whole tail as text, already made. */
function fitShownTail(tail: string, whole: OutputText, maxBytes: number): FittedTail {
  const budget = Math.max(0, maxBytes);
  if (addedWireBytes(whole.text) <= budget) return { text: whole.text, cut: false, replaced: whole.replaced };
  const show = (length: number) => toOutputText(suffix(tail, length));
  const fits = (shown: OutputText) => addedWireBytes(shown.text) <= budget;
  // `want` characters of the whole text fit. Showing output never lengthens it, so at least that many
  // characters of output are needed: take them, and as many more as the removed escape sequences account for,
  // until the text shown is that long (one step for output without escape sequences).
  const want = fitText(whole.text, budget + replyWireBytes(''), 'end').text.length;
  let good = { length: 0, shown: { text: '', replaced: 0 } };
  for (let length = want; ; ) {
    const shown = show(length);
    if (!fits(shown)) return bisect(show, fits, good, length);
    good = { length, shown };
    const missing = want - shown.text.length;
    if (missing <= 0 || length >= tail.length) break;
    length = Math.min(tail.length, length + missing);
  }
  return { text: good.shown.text, cut: true, replaced: good.shown.replaced };
}

/**
 * The longest output length between `good` (which fits) and `bad` (which does not) whose text fits: an escape
 * sequence cut at the edge can reappear as text and make a longer cut cost less than a shorter one, so this may
 * settle a little short of the best, never over the budget.
 */
function bisect(
  show: (length: number) => OutputText,
  fits: (shown: OutputText) => boolean,
  good: { length: number; shown: OutputText },
  bad: number,
): FittedTail {
  let low = good;
  let high = bad;
  while (high - low.length > 1) {
    const length = Math.floor((low.length + high) / 2);
    const shown = show(length);
    if (fits(shown)) low = { length, shown };
    else high = length;
  }
  return { text: low.shown.text, cut: true, replaced: low.shown.replaced };
}

/** The last `length` code units of `text`, without a low surrogate left alone at the start. */
function suffix(text: string, length: number): string {
  const start = text.length - length;
  const code = text.charCodeAt(start);
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? start + 1 : start);
}

/**
 * The steps a reader looks at first, by `index`: those that failed, timed out, were cancelled or are running,
 * and the last one that started. Their tails get a larger share of a reply than those of steps that passed.
 */
export function focusSteps(steps: readonly StepRecord[]): Set<number> {
  const focus = new Set(steps.filter((step) => ['failed', 'timed_out', 'cancelled', 'running'].includes(step.status)).map((step) => step.index));
  const started = steps.filter((step) => step.status !== 'pending' && step.status !== 'skipped');
  if (started.length > 0) focus.add(started[started.length - 1]!.index);
  return focus;
}

/** One step's command and tails as a reply shows them. */
export interface FittedStepText {
  readonly command: string;
  /** Characters cut from the end of the command (0 when it is whole). */
  readonly commandCutChars: number;
  readonly stdout: FittedTail;
  readonly stderr: FittedTail;
}

/** Steps fitted by {@link fitStepTexts}, and what was cut. */
export interface FittedStepTexts {
  readonly steps: readonly FittedStepText[];
  /** Commands shortened. */
  readonly commandsCut: number;
  /** Tails (one per step and stream) shortened. */
  readonly tailsCut: number;
  /** Sum of the tails' `replaced`. */
  readonly replaced: number;
}

/** Share of the budget commands keep when the tails would take it all: a command names its step. */
const COMMAND_SHARE = 0.25;
/** Weight of a focus step's tail against 1 for a step that passed. */
const FOCUS_WEIGHT = 8;

/**
 * Fits the commands and output tails of `steps` within `budgetBytes` (bytes added over empty strings). Commands
 * come first, keeping their start, and take at most a quarter of the budget unless the tails leave more; the
 * tails share the rest, keeping their end, the `focus` steps (default {@link focusSteps}) with a larger share.
 */
export function fitStepTexts(steps: readonly StepRecord[], budgetBytes: number, focus: ReadonlySet<number> = focusSteps(steps)): FittedStepTexts {
  return stepTextFitter(steps, focus)(budgetBytes);
}

/**
 * {@link fitStepTexts} for one set of steps and any budget: showing the tails as text is done once, for a tool
 * that tries a smaller budget when its reply came out over.
 */
export function stepTextFitter(steps: readonly StepRecord[], focus: ReadonlySet<number> = focusSteps(steps)): (budgetBytes: number) => FittedStepTexts {
  const tails = steps.flatMap((step) => [step.stdout.tail, step.stderr.tail]);
  const shown = tails.map((tail) => toOutputText(tail));
  const tailClaims = shown.map((whole, at) => ({
    need: addedWireBytes(whole.text),
    weight: focus.has(steps[Math.floor(at / 2)]!.index) ? FOCUS_WEIGHT : 1,
  }));
  const commandNeeds = steps.map((step) => addedWireBytes(step.command));
  const tailsNeed = tailClaims.reduce((sum, claim) => sum + claim.need, 0);
  const commandsNeed = commandNeeds.reduce((sum, need) => sum + need, 0);
  return (budgetBytes) => {
    const budget = Math.max(0, budgetBytes);
    const commandsBudget = Math.min(commandsNeed, Math.max(budget * COMMAND_SHARE, budget - tailsNeed));
    const commandShares = shareBudget(commandNeeds.map((need) => ({ need, weight: 1 })), commandsBudget);
    const commands = steps.map((step, at) => fitText(step.command, commandShares[at]! + replyWireBytes(''), 'start'));
    const commandsUsed = commands.reduce((sum, command) => sum + addedWireBytes(command.text), 0);
    const tailShares = shareBudget(tailClaims, budget - commandsUsed);
    const fitted = tails.map((tail, at) => fitShownTail(tail, shown[at]!, tailShares[at]!));
    return {
      steps: steps.map((_, at) => ({ command: commands[at]!.text, commandCutChars: commands[at]!.cutChars, stdout: fitted[at * 2]!, stderr: fitted[at * 2 + 1]! })),
      commandsCut: commands.filter((command) => command.cutChars > 0).length,
      tailsCut: fitted.filter((tail) => tail.cut).length,
      replaced: fitted.reduce((sum, tail) => sum + tail.replaced, 0),
    };
  };
}
