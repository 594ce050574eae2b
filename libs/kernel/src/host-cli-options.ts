/** The flags every OrcaOps host understands, in `node:util` `parseArgs` form, so both binaries agree on them. */
export const HOST_CLI_OPTIONS = {
  config: { type: 'string' },
  debug: { type: 'boolean', default: false },
  'read-only': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;
