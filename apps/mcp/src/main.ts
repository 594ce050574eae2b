import { runMcpServer } from './run-mcp-server.js';

process.exitCode = await runMcpServer(process.argv.slice(2));
