// Streamable HTTP, apart from the main entry: the stdio server (orcaops-mcp) never loads the SDK's HTTP transport.
export { createMcpHttpEndpoint, type McpHttpEndpoint, type McpHttpOptions, type McpCaller } from './serve-http.js';
