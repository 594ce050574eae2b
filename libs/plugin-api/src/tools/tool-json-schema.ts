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

/** The success envelope `{ success: true, ...output }` that `structuredContent` carries. */
export function envelopeSchema(tool: AnyToolDefinition): z.ZodObject {
  return z.object({ success: z.literal(true), ...tool.output.shape });
}

/** JSON Schema of {@link envelopeSchema}. */
export function outputJsonSchema(tool: AnyToolDefinition): ObjectJsonSchema {
  return toJsonSchema(envelopeSchema(tool), 'output');
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): ObjectJsonSchema {
  // draft-07 is what MCP clients validate with (the SDK's Ajv among them).
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as ObjectJsonSchema;
  return json;
}
