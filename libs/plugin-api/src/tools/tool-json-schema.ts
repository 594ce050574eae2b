import { z } from 'zod';
import type { AnyToolDefinition } from './tool-definition.js';

/** A tool's input or output as JSON Schema (draft-07): what MCP clients are shown, and what the TUI builds forms from. */
export interface ObjectJsonSchema {
  type: 'object';
  properties?: Record<string, object>;
  required?: string[];
  [key: string]: unknown;
}

/** The input schema as clients should fill it: fields with defaults are optional. */
export function inputJsonSchema(tool: Pick<AnyToolDefinition, 'input'>): ObjectJsonSchema {
  return toJsonSchema(tool.input, 'input');
}

/** Present on a success envelope only when the invoker had to cut the reply to its byte limit (reply-budget.ts). */
export const ReplyTruncatedSchema = z
  .object({
    limit_bytes: z.number().int(),
    original_bytes: z.number().int(),
    strings_cut: z.number().int(),
    items_dropped: z.number().int(),
    suggestion: z.string(),
  })
  .describe('Set when the reply was cut to fit its byte limit: how much, and how to ask for less.');

/** The success envelope `{ success: true, ...output }` that `structuredContent` carries. */
export function envelopeSchema(tool: AnyToolDefinition): z.ZodObject {
  return z.object({ success: z.literal(true), ...tool.output.shape, reply_truncated: ReplyTruncatedSchema.optional() });
}

/** JSON Schema of {@link envelopeSchema}. */
export function outputJsonSchema(tool: AnyToolDefinition): ObjectJsonSchema {
  return toJsonSchema(envelopeSchema(tool), 'output');
}

/** The formats of JSON Schema draft-07 (and the SDK's ajv-formats): anything else is zod's own naming. */
const STANDARD_FORMATS = new Set([
  'date-time', 'date', 'time', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference',
  'iri', 'iri-reference', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex', 'uuid', 'duration',
]);

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): ObjectJsonSchema {
  // draft-07 is what MCP clients validate with (the SDK's Ajv among them).
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io,
    unrepresentable: 'any',
    // The invoker refuses keys an input object does not declare (unless it has a catch-all); say so to clients.
    override: ({ zodSchema, jsonSchema }) => {
      const def = (zodSchema as unknown as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
      if (io === 'input' && def.type === 'object' && def.catchall === undefined) jsonSchema.additionalProperties = false;
      // zod names some string checks as formats JSON Schema does not define (e.g. "starts_with"); their
      // `pattern` already says it, and strict validators refuse unknown formats.
      if (typeof jsonSchema.format === 'string' && !STANDARD_FORMATS.has(jsonSchema.format)) delete jsonSchema.format;
    },
  }) as ObjectJsonSchema;
  return json;
}
