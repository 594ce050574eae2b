export * from './builtin-plugin.js';
export * from './run-reader.js';
