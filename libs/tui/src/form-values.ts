import type { FormField } from './form-fields.js';

/** What the form's text becomes: the tool's arguments, or a message per field that could not be read. */
export type FormReading = { readonly ok: true; readonly args: Record<string, unknown> } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * Reads every field's text as its kind says. An empty field is left out, so the tool's default applies (and a
 * required one is reported by the tool's own validation, with the field's name).
 */
export function readForm(fields: readonly FormField[], texts: Readonly<Record<string, string>>): FormReading {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = (texts[field.name] ?? '').trim();
    if (text === '') continue;
    try {
      args[field.name] = readValue(field, text);
    } catch (error) {
      errors[field.name] = error instanceof Error ? error.message : String(error);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

function readValue(field: FormField, text: string): unknown {
  switch (field.kind) {
    case 'text':
    case 'choice':
      return text;
    case 'boolean':
      return text === 'true';
    case 'number':
    case 'integer':
      return readNumber(text, field.kind === 'integer');
    case 'list':
      return text.startsWith('[') ? readJson(text, 'array') : text.split(/\s+/).map((word) => (field.numericItems ? readNumber(word, false) : word));
    case 'map':
      return text.startsWith('{') ? readJson(text, 'object') : Object.fromEntries(text.split(/\s+/).map((pair) => readPair(pair, field.numericItems ?? false)));
    case 'json':
      return readJson(text, null);
  }
}

function readNumber(text: string, integer: boolean): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new Error(`"${text}" is not a number`);
  if (integer && !Number.isInteger(value)) throw new Error(`"${text}" is not a whole number`);
  return value;
}

function readPair(pair: string, numeric: boolean): [string, unknown] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new Error(`"${pair}" is not KEY=VALUE (or give a JSON object)`);
  const value = pair.slice(at + 1);
  return [pair.slice(0, at), numeric ? readNumber(value, false) : value];
}

function readJson(text: string, shape: 'array' | 'object' | null): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (shape === 'array' && !Array.isArray(value)) throw new Error('expected a JSON array');
  if (shape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new Error('expected a JSON object');
  return value;
}
