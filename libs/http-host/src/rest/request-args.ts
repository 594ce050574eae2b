import { inputJsonSchema, OrcaError, quoteInput, type AnyToolDefinition } from '@orcaops/plugin-api';
import type { HttpOperation } from '../routes/operations.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A tool's arguments from a request: `{field}` path segments, then the query string (GET, DELETE) or the JSON
 * body (POST). Query values are turned into the types the input schema declares (numbers, booleans, arrays as
 * repeated keys, objects as JSON text) so that `?limit=5&all=true` means what it says; the tool's own validation
 * then reports anything still wrong, with the field named, as over MCP.
 */
export function requestArgs(operation: HttpOperation, pathValues: readonly string[], query: URLSearchParams, body: Json | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (operation.argsIn === 'body') {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new OrcaError('VALIDATION_ERROR', 'The request body must be a JSON object of the tool\'s arguments.', { suggestion: 'Send {"field": value, ...} with Content-Type: application/json.' });
    }
    Object.assign(args, body ?? {});
  } else {
    Object.assign(args, queryArgs(operation.tool, query));
  }
  operation.pathParams.forEach((field, index) => {
    const value = pathValues[index]!;
    if (field in args && args[field] !== value) {
      throw new OrcaError('VALIDATION_ERROR', `${field} is given twice, in the path and in the request, with different values.`, { suggestion: `Give ${field} in the path only.` });
    }
    args[field] = value;
  });
  return args;
}

/** Each tool's input properties, made once: turning zod into JSON Schema costs more than the rest of a call. */
const propertiesByTool = new WeakMap<AnyToolDefinition, Record<string, FieldSchema>>();

function queryArgs(tool: AnyToolDefinition, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (query.size === 0) return args;
  let properties = propertiesByTool.get(tool);
  if (!properties) {
    properties = (inputJsonSchema(tool).properties ?? {}) as Record<string, FieldSchema>;
    propertiesByTool.set(tool, properties);
  }
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    const type = typeOf(properties[key]);
    if (type === 'array') {
      const itemType = typeOf(properties[key]?.items);
      args[key] = values.length === 1 && values[0]!.startsWith('[') ? parseJson(key, values[0]!) : values.map((value) => (itemType === 'string' ? value : scalar(value)));
      continue;
    }
    if (values.length > 1) throw new OrcaError('VALIDATION_ERROR', `${quoteInput(key)} is given ${values.length} times in the query string.`, { suggestion: 'Give each field once.' });
    const value = values[0]!;
    args[key] = type === 'object' ? parseJson(key, value) : type === 'string' ? value : type === undefined ? value : scalar(value);
  }
  return args;
}

interface FieldSchema {
  readonly type?: string | string[];
  readonly anyOf?: ReadonlyArray<{ readonly type?: string }>;
  readonly items?: FieldSchema;
}

function typeOf(schema: FieldSchema | undefined): string | undefined {
  if (!schema) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : (schema.anyOf ?? []).map((option) => option.type).filter((t): t is string => !!t);
  const meaningful = types.filter((type) => type !== 'null');
  return meaningful.length === 1 ? meaningful[0] : undefined;
}

/** `5` → 5, `true` → true, anything else stays text (the schema then says what it wanted). */
function scalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
  return value;
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new OrcaError('VALIDATION_ERROR', `${quoteInput(key)} must be JSON text in the query string.`, { suggestion: `Encode ${key} as JSON, e.g. ${key}={"a":1}.` });
  }
}
