import { useRef, useState } from 'react';
import type { Key } from 'ink';
import type { FormField } from './form-fields.js';

export interface FormState {
  readonly fields: readonly FormField[];
  /** Each field's text; booleans and choices hold '' (the tool's default) or the chosen value. */
  readonly texts: Readonly<Record<string, string>>;
  readonly focused: number;
  /** Messages by field name; '' holds those for the form as a whole. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface Form {
  readonly state: FormState | null;
  /** The latest state, including keys handled since the last render. */
  current(): FormState | null;
  /** Opens the form, with `texts` already typed into the fields they name. */
  open(fields: readonly FormField[], texts?: Readonly<Record<string, string>>): void;
  close(): void;
  showErrors(errors: Readonly<Record<string, string>>): void;
  /** Edits the focused field or moves between fields; tells the caller when Enter or Esc ends the form. */
  handleKey(input: string, key: Key): 'submit' | 'cancel' | null;
}

/**
 * The form's keys: ↑/↓ (or Tab/Shift+Tab) move, typing edits text (Backspace deletes, Ctrl+U clears), Space or
 * ←/→ cycle a boolean or a choice through its values and back to "default", Enter submits, Esc cancels. Kept in a
 * ref as well as in state so that a pasted burst of keys is applied in full before React renders again.
 */
export function useForm(): Form {
  const [state, setState] = useState<FormState | null>(null);
  const live = useRef<FormState | null>(null);
  const set = (next: FormState | null) => {
    live.current = next;
    setState(next);
  };

  const handleKey = (input: string, key: Key): 'submit' | 'cancel' | null => {
    const form = live.current;
    if (form === null) return null;
    if (key.escape) return 'cancel';
    if (key.return) return 'submit';
    const last = form.fields.length - 1;
    if (key.upArrow || key.downArrow || key.tab) {
      const step = key.upArrow || (key.tab && key.shift) ? -1 : 1;
      set({ ...form, focused: Math.max(0, Math.min(last, form.focused + step)) });
      return null;
    }
    const field = form.fields[form.focused];
    if (!field) return null;
    const text = form.texts[field.name] ?? '';
    const next = edit(field, text, input, key);
    if (next !== text) set({ ...form, texts: { ...form.texts, [field.name]: next }, errors: withoutKey(form.errors, field.name) });
    return null;
  };

  return {
    state,
    current: () => live.current,
    // Focus starts on the first field still empty, so the caller's filled-in fields are skipped.
    open: (fields, texts = {}) => set({ fields, texts, focused: Math.max(0, fields.findIndex((field) => !texts[field.name])), errors: {} }),
    close: () => set(null),
    showErrors: (errors) => {
      if (live.current) set({ ...live.current, errors });
    },
    handleKey,
  };
}

function edit(field: FormField, text: string, input: string, key: Key): string {
  const values = field.kind === 'boolean' ? ['', 'true', 'false'] : field.kind === 'choice' ? ['', ...(field.choices ?? [])] : null;
  if (values) {
    const step = key.leftArrow ? -1 : key.rightArrow || input === ' ' ? 1 : 0;
    return step === 0 ? text : values[(values.indexOf(text) + step + values.length) % values.length]!;
  }
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || input === '' || key.leftArrow || key.rightArrow) return text;
  return text + input;
}

function withoutKey(errors: Readonly<Record<string, string>>, name: string): Readonly<Record<string, string>> {
  if (!(name in errors) && !('' in errors)) return errors;
  const { [name]: _field, '': _form, ...rest } = errors;
  return rest;
}
