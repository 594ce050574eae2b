#!/usr/bin/env node
// Node 22.1+ caches compiled code between starts (Node 20 has no such cache and skips this).
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/orcaops-mcp.js');
