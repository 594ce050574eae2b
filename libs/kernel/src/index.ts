export { Kernel, type KernelOptions, type KernelServices, type HostServices } from './kernel.js';
export { ORCAOPS_VERSION } from './version.js';
export { ToolCatalog, DuplicateToolError, type CatalogEntry } from './catalog/tool-catalog.js';
export { Invoker, type InvokeOptions } from './invoke/invoker.js';
export { loadConfig, CONFIG_FILE_NAME, type LoadConfigOptions } from './config/load-config.js';
export type { ResolvedConfig, PluginSpec } from './config/resolved-config.js';
export { StreamLogger, type LogSink } from './logging/stream-logger.js';
export { selectTools, GPT_MAX_OPERATIONS, type SelectableEntry, type SelectedTools } from './catalog/tool-selection.js';
export { TOOL_PRESETS, ToolSelectionSchema, type ToolPreset, type ToolSelection } from './config/config-schema.js';
