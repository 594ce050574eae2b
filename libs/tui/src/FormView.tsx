import { Box } from 'ink';
import { ConfirmPrompt } from './ConfirmPrompt.js';
import type { FormField } from './form-fields.js';
import type { StyledLine } from './job-format.js';
import { StyledLines } from './StyledLines.js';
import type { TuiTool } from './types.js';
import type { PendingConfirmation } from './useConfirmation.js';
import type { FormState } from './useForm.js';

/** Rows around the fields: title, description, blank, the focused field's help, errors heading room. */
const FRAME_ROWS = 5;

/**
 * A tool's input as a form: one row per field (name, `*` when required, the text typed or the choice made, and
 * the default in grey while empty), the focused field's description under them, and what could not be read.
 */
export function formLines(tool: TuiTool, form: FormState, height?: number): StyledLine[] {
  const lines: StyledLine[] = [
    [{ text: tool.title, bold: true }, { text: `  ${tool.name}`, dim: true }],
    [{ text: tool.description, dim: true }],
    [],
  ];
  if (form.fields.length === 0) lines.push([{ text: 'This tool takes no input.', dim: true }]);
  const room = height === undefined ? form.fields.length : Math.max(1, height - FRAME_ROWS - Object.keys(form.errors).length);
  const first = Math.max(0, Math.min(form.focused - Math.floor(room / 2), form.fields.length - room));
  const nameWidth = Math.max(0, ...form.fields.map((field) => field.name.length)) + 4;
  form.fields.slice(first, first + room).forEach((field, offset) => lines.push(fieldLine(field, form.texts[field.name] ?? '', first + offset === form.focused, nameWidth)));
  const focused = form.fields[form.focused];
  lines.push(focused ? [{ text: `  ${focused.description ?? kindHelp(focused)}`, dim: true }] : []);
  for (const [name, message] of Object.entries(form.errors)) {
    lines.push([{ text: `✗ ${name ? `${name}: ` : ''}${message}`, color: 'red' }]);
  }
  return lines;
}

function fieldLine(field: FormField, text: string, focused: boolean, nameWidth: number): StyledLine {
  const label = `${focused ? '›' : ' '} ${field.name}${field.required ? '*' : ''}`.padEnd(nameWidth);
  const shown: StyledLine =
    text === ''
      ? [{ text: field.defaultValue === undefined ? (field.required ? '(required)' : '') : `default ${JSON.stringify(field.defaultValue)}`, dim: true }]
      : [{ text, bold: focused }];
  const cursor = focused && field.kind !== 'boolean' && field.kind !== 'choice' ? [{ text: '▏', color: 'cyan' }] : [];
  return [{ text: `${label} `, ...(focused ? { color: 'cyan', bold: true } : {}) }, ...shown, ...cursor, { text: `  ${kindHint(field)}`, dim: true }];
}

function kindHint(field: FormField): string {
  switch (field.kind) {
    case 'boolean':
      return '(space: true/false/default)';
    case 'choice':
      return `(←→: ${field.choices?.join(' | ')})`;
    case 'list':
      return '(words, or a JSON array)';
    case 'map':
      return '(KEY=VALUE …, or a JSON object)';
    case 'json':
      return '(JSON)';
    default:
      return `(${field.kind})`;
  }
}

function kindHelp(field: FormField): string {
  return `${field.name}: ${kindHint(field)}`;
}

export interface FormViewProps {
  readonly tool: TuiTool;
  readonly form: FormState;
  readonly confirmation: PendingConfirmation | null;
  readonly height?: number;
}

/** The form, and under it the confirmation once a tool that changes things is about to run. */
export function FormView({ tool, form, confirmation, height }: FormViewProps) {
  return (
    <Box flexDirection="column">
      <StyledLines lines={formLines(tool, form, height === undefined ? undefined : height - (confirmation ? 4 : 0))} />
      {confirmation && <ConfirmPrompt pending={confirmation} />}
    </Box>
  );
}
