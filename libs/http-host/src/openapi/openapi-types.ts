/** A JSON Schema (2020-12, as OpenAPI 3.1 takes it) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** The parts of OpenAPI 3.1 that OrcaOps writes; a document is plain JSON, served and printed as it is. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, OpenApiSecurityScheme>;
  };
  security: Array<Record<string, string[]>>;
}

export type OpenApiMethod = 'get' | 'post' | 'delete';
export type OpenApiPathItem = Partial<Record<OpenApiMethod, OpenApiOperation>>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; description: string; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
  /** ChatGPT asks the user before calling an operation marked true, and may offer "always allow" otherwise. */
  'x-openai-isConsequential': boolean;
}

/** A path or query parameter: either a `schema` (with a serialization style) or JSON text in `content`. */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema?: JsonSchema;
  style?: 'simple' | 'form';
  explode?: boolean;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  example?: unknown;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, OpenApiMediaType>;
}

export type OpenApiSecurityScheme =
  | { type: 'http'; scheme: 'bearer'; description: string }
  | { type: 'apiKey'; in: 'header'; name: string; description: string };
