export { createMcpServer, type McpHostOptions, type McpCore } from './create-mcp-server.js';
export { serveStdio, type StdioSession } from './serve-stdio.js';
export { LineStdioTransport, DEFAULT_MAX_LINE_BYTES } from './line-stdio-transport.js';
export { FileToolListCache, type ToolListCache } from './tool-list-cache.js';
export { toCallToolResult } from './tool-result.js';
export { LogForwarder, type LineSink } from './log-forwarding.js';
export { RESOURCE_TEMPLATES, parseRunUri } from './resources.js';
export { WORKFLOWS } from './prompts.js';
