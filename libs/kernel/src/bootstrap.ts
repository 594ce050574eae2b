// What a host needs before the kernel itself: configuration, a logger and the version. Kept apart from the
// main entry so that importing it does not load inversify and the plugins (the MCP host answers
// `initialize` while those load).
export { loadConfig, CONFIG_FILE_NAME, type LoadConfigOptions } from './config/load-config.js';
export type { ResolvedConfig, PluginSpec } from './config/resolved-config.js';
export { StreamLogger, type LogSink } from './logging/stream-logger.js';
export { ORCAOPS_VERSION } from './version.js';
export { HOST_CLI_OPTIONS } from './host-cli-options.js';
export { FileSecretStore, SECRET_NAME_PATTERN } from './secrets/file-secret-store.js';
