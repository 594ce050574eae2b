import type { ObjectJsonSchema } from '@orcaops/plugin-api';

/**
 * How a field is typed in: `text`, `number`/`integer`, `boolean` (space toggles), `choice` (←/→ picks one of
 * `choices`), `list` (words, or a JSON array), `map` (KEY=VALUE words, or a JSON object), `json` (anything else).
 */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'list' | 'map' | 'json';

export interface FormField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly description?: string;
  /** The schema's default, shown as a hint; an empty field leaves it to the tool. */
  readonly defaultValue?: unknown;
  /** For `choice`. */
  readonly choices?: readonly string[];
  /** For `list` and `map`: numbers in the values are sent as numbers. */
  readonly numericItems?: boolean;
}

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  items?: PropertySchema;
  additionalProperties?: boolean | PropertySchema;
  anyOf?: PropertySchema[];
}

/** The top-level fields of a tool's input JSON Schema, in declaration order. */
export function formFields(schema: ObjectJsonSchema | undefined): FormField[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, PropertySchema>).map(([name, property]) => {
    const { kind, choices, numericItems } = kindOf(property);
    return {
      name,
      kind,
      required: required.has(name),
      ...(property.description ? { description: property.description } : {}),
      ...('default' in property ? { defaultValue: property.default } : {}),
      ...(choices ? { choices } : {}),
      ...(numericItems ? { numericItems } : {}),
    };
  });
}

function kindOf(property: PropertySchema): { kind: FieldKind; choices?: string[]; numericItems?: boolean } {
  if (property.enum && property.enum.every((value) => typeof value === 'string')) return { kind: 'choice', choices: property.enum as string[] };
  switch (property.type) {
    case 'string':
      return { kind: 'text' };
    case 'number':
      return { kind: 'number' };
    case 'integer':
      return { kind: 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return isScalar(property.items) ? { kind: 'list', numericItems: isNumeric(property.items) } : { kind: 'json' };
    case 'object': {
      const values = property.additionalProperties;
      // A map whose values may also be objects (a job's env takes {secret: ...}) is still typed KEY=VALUE; a JSON
      // object typed into the field gives the objects.
      const scalar = typeof values === 'object' && (isScalar(values) || (values.anyOf ?? []).some(isScalar));
      return scalar ? { kind: 'map', numericItems: isNumeric(values as PropertySchema) } : { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

function isScalar(schema: PropertySchema | undefined): boolean {
  return schema?.type === 'string' || isNumeric(schema);
}

function isNumeric(schema: PropertySchema | undefined): boolean {
  return schema?.type === 'number' || schema?.type === 'integer';
}
