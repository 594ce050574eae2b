#!/usr/bin/env node
// Node 22.1+ caches compiled code between starts (Node 20 has no such cache and skips this).
import module from 'node:module';

module.enableCompileCache?.();
// `orcaops mcp [options]` is `orcaops-mcp [options]`, so that `npx -y orcaops mcp` starts the server from the one
// package name (npx runs the bin named like the package).
if (process.argv[2] === 'mcp') {
  process.argv.splice(2, 1);
  await import('../dist/orcaops-mcp.js');
} else {
  await import('../dist/orcaops.js');
}
