import { ERROR_CODES } from '@orcaops/plugin-api';
import type { JsonSchema, OpenApiResponse } from './openapi-types.js';

/** The name of the shared error envelope in `components.schemas`. */
export const ERROR_SCHEMA_NAME = 'Error';

/** Every failure, whatever the status: the same envelope an MCP client gets, so one handler serves both. */
export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Every failed call answers {"success": false, "error": {...}}.',
  properties: {
    success: { type: 'boolean', const: false },
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES], description: 'A stable code to branch on.' },
        message: { type: 'string', description: 'What went wrong, naming the field, id or path.' },
        suggestion: { type: 'string', description: 'What to do next, often naming the operation to call.' },
        details: { type: 'object', additionalProperties: true, description: 'Machine-readable detail, when there is some.' },
      },
      required: ['code', 'message', 'suggestion'],
    },
  },
  required: ['success', 'error'],
};

const RETRY_AFTER = { description: 'Seconds to wait before calling again.', schema: { type: 'integer', minimum: 0 } };

/** The statuses a call can fail with, and when (rest/status-codes.ts maps error codes to them). */
const ERROR_STATUSES: ReadonlyArray<readonly [status: string, description: string, retryAfter?: true]> = [
  ['400', 'The arguments are invalid; error.message names the field.'],
  ['401', 'No API key, or one that is unknown or revoked.'],
  ['403', "The API key's scope does not allow this operation, or OrcaOps lacks a permission it needs."],
  ['404', 'The job, run, artifact, container, sandbox, template or image named does not exist.'],
  ['409', 'The resource is in a state that does not allow this (e.g. the job has already finished).'],
  ['413', 'Too large: the request body, or what was asked for (ask for less).'],
  ['429', 'Too many calls: wait Retry-After seconds.', true],
  ['500', 'An internal error in OrcaOps or a plugin, or an invalid configuration.'],
  ['502', 'The Docker engine or Docker Compose refused or failed the request.'],
  ['503', 'Docker is unavailable, or the server is busy (then wait Retry-After seconds).', true],
  ['504', 'The call took longer than the server waits; for long work, start a job and poll its status.'],
];

/** The error responses of one operation: fresh objects, so that no two operations share (and mutate) one. */
export function errorResponses(): Record<string, OpenApiResponse> {
  return Object.fromEntries(
    ERROR_STATUSES.map(([status, description, retryAfter]) => [
      status,
      {
        description,
        ...(retryAfter ? { headers: { 'Retry-After': { ...RETRY_AFTER, schema: { ...RETRY_AFTER.schema } } } } : {}),
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } } },
      },
    ]),
  );
}
