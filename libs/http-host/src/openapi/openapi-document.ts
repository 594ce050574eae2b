import { OrcaError, inputJsonSchema, outputJsonSchema } from '@orcaops/plugin-api';
import type { HttpOperation } from '../routes/operations.js';
import { ERROR_SCHEMA, ERROR_SCHEMA_NAME, errorResponses } from './error-responses.js';
import { pathParameter, queryParameter, resolveIn } from './openapi-parameters.js';
import { componentName, isRecord, toOpenApiSchema } from './openapi-schema.js';
import type { JsonSchema, OpenApiDocument, OpenApiMethod, OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './openapi-types.js';
import { exampleOf } from './schema-example.js';
import { GPT_OPERATION_TEXT_MAX, cutText } from './text-limits.js';

export interface OpenApiDocumentOptions {
  /** The operations to document: the selected tools' primary routes. */
  readonly operations: readonly HttpOperation[];
  /** The OrcaOps version, as the API's version. */
  readonly version: string;
  /** Where clients reach the server (behind a proxy, the proxy's URL). */
  readonly serverUrl: string;
  /** The header that carries an API key besides `Authorization: Bearer`. */
  readonly apiKeyHeader: string;
}

const DESCRIPTION =
  'OrcaOps runs work in Docker: jobs with logs and artifacts, run history, containers and compose sandboxes. ' +
  'Every answer is a JSON envelope: {"success": true, ...result} or {"success": false, "error": {"code", "message", "suggestion"}}; ' +
  'on failure, follow error.suggestion.';

/**
 * The OpenAPI 3.1 document of the REST API, shaped for GPT Actions: one operation per tool named by the tool,
 * texts within GPT's limits, and `x-openai-isConsequential` on every tool that changes something so that ChatGPT
 * asks first.
 * @throws OrcaError `CONFLICT` when two operations share an operationId or a method and path.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { [ERROR_SCHEMA_NAME]: structuredClone(ERROR_SCHEMA) };
  const paths: Record<string, OpenApiPathItem> = {};
  const operationIds = new Set<string>();
  const tags: string[] = [];
  for (const operation of options.operations) {
    const { name, category } = operation.tool;
    if (operationIds.has(name)) throw conflict(`two operations are named ${name}`);
    operationIds.add(name);
    const method = operation.method.toLowerCase() as OpenApiMethod;
    const item = (paths[operation.path] ??= {});
    if (item[method]) throw conflict(`${operation.method} ${operation.path} is both ${item[method].operationId} and ${name}`);
    item[method] = describeOperation(operation, schemas);
    if (!tags.includes(category)) tags.push(category);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'OrcaOps', version: options.version, description: DESCRIPTION },
    // Paths start with /v1, so a trailing slash would double it.
    servers: [{ url: options.serverUrl.replace(/\/+$/, '') }],
    tags: tags.map((tag) => ({ name: tag })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An OrcaOps API key (orcaops keys create) as a bearer token.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: options.apiKeyHeader, description: `An OrcaOps API key in the ${options.apiKeyHeader} header.` },
      },
    },
    // Either scheme on its own is enough.
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
  };
}

function describeOperation(operation: HttpOperation, schemas: Record<string, JsonSchema>): OpenApiOperation {
  const { tool } = operation;
  const input = toOpenApiSchema(inputJsonSchema(tool), componentName(tool.name, 'input'), schemas);
  const output = toOpenApiSchema(outputJsonSchema(tool), componentName(tool.name, 'output'), schemas);
  const resolve = resolveIn({ components: { schemas } });
  const properties = isRecord(input.properties) ? input.properties : {};
  const required = new Set(Array.isArray(input.required) ? (input.required as string[]) : []);

  const parameters: OpenApiParameter[] = operation.pathParams.map((name) => pathParameter(name, properties[name]));
  if (operation.argsIn === 'query') {
    for (const [name, property] of Object.entries(properties)) {
      if (!operation.pathParams.includes(name)) parameters.push(queryParameter(name, property, required.has(name), resolve));
    }
  }
  const requestBody = operation.argsIn === 'body' ? describeBody(input, operation.pathParams, resolve) : undefined;
  return {
    operationId: tool.name,
    summary: cutText(tool.title, GPT_OPERATION_TEXT_MAX),
    description: cutText(tool.description, GPT_OPERATION_TEXT_MAX),
    tags: [tool.category],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': {
        description: 'The result, as {"success": true, ...}.',
        content: { 'application/json': { schema: output, example: exampleOf(output, resolve) } },
      },
      ...errorResponses(),
    },
    'x-openai-isConsequential': !tool.annotations.readOnlyHint,
  };
}

/** The JSON body: the input fields that the path does not carry. None at all (only path fields): no body. */
function describeBody(input: JsonSchema, pathParams: readonly string[], resolve: (ref: string) => unknown): OpenApiOperation['requestBody'] {
  const properties = Object.fromEntries(Object.entries(isRecord(input.properties) ? input.properties : {}).filter(([name]) => !pathParams.includes(name)));
  const required = (Array.isArray(input.required) ? (input.required as string[]) : []).filter((name) => !pathParams.includes(name));
  if (Object.keys(properties).length === 0 && input.additionalProperties === false) return undefined;
  const { required: _all, ...rest } = input;
  const schema: JsonSchema = { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
  return {
    required: required.length > 0,
    description: 'The arguments, as a JSON object.',
    content: { 'application/json': { schema, ...(required.length > 0 ? { example: exampleOf(schema, resolve) } : {}) } },
  };
}

function conflict(problem: string): OrcaError {
  return new OrcaError('CONFLICT', `The OpenAPI document cannot be built: ${problem}.`, {
    suggestion: 'Document one route per tool (httpOperations(...).primary), each tool once.',
  });
}
