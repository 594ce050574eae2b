export { startHttpHost, type HttpHost, type HttpHostOptions, type HttpCore } from './server/start-http-host.js';
export { resolveHttpConfig, HttpConfigSchema, TOOL_PRESETS, isLoopback, keysFile, auditFile, type HttpConfig, type ToolPreset, type ToolSelection } from './config/http-config.js';
export { httpOperations, API_PREFIX, GENERIC_PREFIX, type HttpOperation, type HttpOperations } from './routes/operations.js';
export { ApiKeyStore, KEY_SCOPES, type KeyScope, type ApiKeyView } from './auth/api-key-store.js';
export { requiredScope } from './auth/scopes.js';
export { selectTools, GPT_MAX_OPERATIONS, type SelectableEntry, type SelectedTools } from '@orcaops/kernel';
export { buildOpenApiDocument, type OpenApiDocumentOptions } from './openapi/openapi-document.js';
export { gptActionProblems } from './openapi/gpt-limits.js';
export type { OpenApiDocument } from './openapi/openapi-types.js';
