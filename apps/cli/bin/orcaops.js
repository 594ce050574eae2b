#!/usr/bin/env node
// Node 22.1+ caches compiled modules between starts; Node 20 has no such cache and skips this.
import module from 'node:module';

module.enableCompileCache?.();
// `orcaops mcp [options]` is `orcaops-mcp [options]`, so that `npx -y orcaops mcp` starts the server from the one
// package name. The MCP server stays its own program (only it loads the MCP SDK); this only chooses which to load.
if (process.argv[2] === 'mcp') {
  process.argv.splice(2, 1);
  await import('../../mcp/dist/main.js');
} else {
  await import('../dist/main.js');
}
