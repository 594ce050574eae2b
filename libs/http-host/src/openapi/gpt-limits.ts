import { GPT_MAX_OPERATIONS } from '@orcaops/kernel';
import { resolveIn } from './openapi-parameters.js';
import { isRecord } from './openapi-schema.js';
import type { OpenApiDocument } from './openapi-types.js';
import { GPT_FIELD_DESCRIPTION_MAX, GPT_OPERATION_TEXT_MAX } from './text-limits.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const OPERATION_ID = /^[a-zA-Z0-9_-]+$/;
/** Keywords whose values are data, not schemas: a `description` key inside them is not a description. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', 'example']);

/**
 * What would stop ChatGPT from importing `document` as a Custom GPT's actions: its version, the operation count,
 * operationIds, text lengths, the server and the security scheme. Empty when it imports. Takes any parsed JSON, so
 * a hand-edited document can be checked too.
 */
export function gptActionProblems(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  const doc = document as unknown as Record<string, unknown>;
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) problems.push(`openapi is ${JSON.stringify(doc.openapi)}; this check expects 3.1.x`);

  const operations = listOperations(doc.paths);
  if (operations.length > GPT_MAX_OPERATIONS) {
    problems.push(`${operations.length} operations; GPT Actions take at most ${GPT_MAX_OPERATIONS} (serve fewer tools: http.tools preset "gpt", or deny some)`);
  }
  const seen = new Map<string, string>();
  const resolve = resolveIn(doc);
  for (const { where, operation } of operations) {
    const id = operation.operationId;
    if (typeof id !== 'string' || id === '') problems.push(`${where} has no operationId`);
    else if (!OPERATION_ID.test(id)) problems.push(`${where}: operationId "${id}" must match ${OPERATION_ID.source}`);
    else if (seen.has(id)) problems.push(`${where}: operationId "${id}" is also ${seen.get(id)}'s`);
    if (typeof id === 'string' && !seen.has(id)) seen.set(id, where);
    for (const field of ['summary', 'description'] as const) {
      const text = operation[field];
      if (typeof text === 'string' && text.length > GPT_OPERATION_TEXT_MAX) problems.push(`${where}: ${field} is ${text.length} characters; GPT Actions allow ${GPT_OPERATION_TEXT_MAX}`);
    }
    for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
      const resolved = isRecord(parameter) && typeof parameter.$ref === 'string' ? resolve(parameter.$ref) : parameter;
      if (!isRecord(resolved)) continue;
      const name = `parameter "${String(resolved.name)}"`;
      if (typeof resolved.description === 'string' && resolved.description.length > GPT_FIELD_DESCRIPTION_MAX) problems.push(tooLong(where, name, resolved.description));
      const schemas = [resolved.schema, ...Object.values(isRecord(resolved.content) ? resolved.content : {}).map((media) => (isRecord(media) ? media.schema : undefined))];
      for (const schema of schemas) longDescriptions(schema, name, resolve, new Set(), problems, where);
    }
    const body = isRecord(operation.requestBody) ? operation.requestBody : {};
    for (const media of Object.values(isRecord(body.content) ? body.content : {})) {
      if (isRecord(media)) longDescriptions(media.schema, 'request body', resolve, new Set(), problems, where);
    }
  }

  const servers = doc.servers;
  if (!Array.isArray(servers) || !servers.some((server) => isRecord(server) && typeof server.url === 'string' && server.url !== '')) {
    problems.push('no server URL (servers[0].url); GPT Actions call the first server');
  }
  const schemes = isRecord(doc.components) && isRecord(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  if (Object.keys(schemes).length === 0) problems.push('no security scheme (components.securitySchemes); GPT Actions would call without an API key');
  return problems;
}

function listOperations(paths: unknown): Array<{ where: string; operation: Record<string, unknown> }> {
  if (!isRecord(paths)) return [];
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = isRecord(item) ? item[method] : undefined;
      return isRecord(operation) ? [{ where: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

/** Every `description` in `schema` over the field limit, following `$ref`s once each. */
function longDescriptions(schema: unknown, field: string, resolve: (ref: string) => unknown, visited: Set<string>, problems: string[], where: string, path = ''): void {
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => longDescriptions(item, field, resolve, visited, problems, where, `${path}[${index}]`));
    return;
  }
  if (!isRecord(schema)) return;
  if (typeof schema.$ref === 'string' && !visited.has(schema.$ref)) {
    visited.add(schema.$ref);
    longDescriptions(resolve(schema.$ref), field, resolve, visited, problems, where, path);
  }
  if (typeof schema.description === 'string' && schema.description.length > GPT_FIELD_DESCRIPTION_MAX) {
    problems.push(tooLong(where, `${field}${path ? ` at ${path}` : ''}`, schema.description));
  }
  for (const [keyword, value] of Object.entries(schema)) {
    if (!DATA_KEYWORDS.has(keyword) && keyword !== 'description') longDescriptions(value, field, resolve, visited, problems, where, `${path}/${keyword}`);
  }
}

function tooLong(where: string, what: string, text: string): string {
  return `${where}: ${what} description is ${text.length} characters; GPT Actions allow ${GPT_FIELD_DESCRIPTION_MAX}`;
}
