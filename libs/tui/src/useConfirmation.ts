import { useRef, useState } from 'react';
import type { Key } from 'ink';

/** A yes/no choice the prompt offers besides confirming, e.g. "also delete volumes"; it becomes an argument. */
export interface ConfirmOption {
  /** The argument it sets, e.g. `volumes`. */
  readonly name: string;
  /** The key that toggles it, e.g. `v` (not y or n). */
  readonly key: string;
  readonly label: string;
  /** Default false: the prompt never chooses the more destructive variant for the user. */
  readonly initial?: boolean;
}

export interface ConfirmRequest {
  /** "Stop sandbox demo?" */
  readonly question: string;
  /** What it will do, in one line. */
  readonly detail?: string;
  /** The action's verb for the key line: "y/enter stop". */
  readonly verb: string;
  readonly options?: readonly ConfirmOption[];
  /** Called on y or Enter with each option's choice by name. */
  readonly onConfirm: (choices: Readonly<Record<string, boolean>>) => void;
  readonly onCancel?: () => void;
}

/** The open prompt and its current choices. */
export interface PendingConfirmation {
  readonly request: ConfirmRequest;
  readonly choices: Readonly<Record<string, boolean>>;
}

export interface Confirmation {
  readonly pending: PendingConfirmation | null;
  /** Opens the prompt (replacing one already open). */
  ask(request: ConfirmRequest): void;
  /**
   * While a prompt is open, takes every key (y/Enter confirm, n/Esc/Backspace cancel, an option's key toggles it,
   * the rest is ignored) and returns true; returns false when no prompt is open, so the view handles the key.
   */
  handleKey(input: string, key: Key): boolean;
}

/** Each option's starting choice. */
export function initialChoices(options: readonly ConfirmOption[] = []): Record<string, boolean> {
  return Object.fromEntries(options.map((option) => [option.name, option.initial ?? false]));
}

/**
 * A confirmation the owning view shows with `ConfirmPrompt` and feeds its keys first (each key has one owner, so
 * the prompt has no `useInput` of its own). The prompt lives in a ref as well as in state, so that a burst such as
 * "xy" opens and confirms it in one read.
 */
export function useConfirmation(): Confirmation {
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const live = useRef<PendingConfirmation | null>(null);
  const set = (next: PendingConfirmation | null) => {
    live.current = next;
    setPending(next);
  };

  const ask = (request: ConfirmRequest) => set({ request, choices: initialChoices(request.options) });

  const handleKey = (input: string, key: Key): boolean => {
    const open = live.current;
    if (open === null) return false;
    if (key.return || input === 'y' || input === 'Y') {
      set(null);
      open.request.onConfirm(open.choices);
    } else if (key.escape || key.backspace || key.delete || input === 'n' || input === 'N') {
      set(null);
      open.request.onCancel?.();
    } else {
      const option = open.request.options?.find((candidate) => candidate.key === input);
      if (option) set({ ...open, choices: { ...open.choices, [option.name]: !open.choices[option.name] } });
    }
    return true;
  };

  return { pending, ask, handleKey };
}
