export { runTui, type RunTuiOptions } from './run-tui.js';
export { App, type AppProps } from './App.js';
export type { TuiCatalog, TuiInvoker, TuiInvokeOptions, TuiTool } from './types.js';
