import type { AnyToolDefinition } from '@orcaops/plugin-api';
import type { Sandboxes } from './sandboxes.js';
import { createCreateSandboxTool, createRegisterSandboxTool } from './tools/create-tools.js';
import { createExecInSandboxTool } from './tools/exec-tool.js';
import { createRemoveSandboxTool, createStartSandboxTool, createStopSandboxTool } from './tools/lifecycle-tools.js';
import { createGetSandboxTool, createListSandboxesTool } from './tools/query-tools.js';
import { getTemplateTool, listTemplatesTool } from './tools/template-tools.js';

/** The sandboxes category. */
export function createSandboxesTools(sandboxes: Sandboxes): AnyToolDefinition[] {
  return [
    createListSandboxesTool(sandboxes),
    createGetSandboxTool(sandboxes),
    createCreateSandboxTool(sandboxes),
    createRegisterSandboxTool(sandboxes),
    createStartSandboxTool(sandboxes),
    createStopSandboxTool(sandboxes),
    createRemoveSandboxTool(sandboxes),
    createExecInSandboxTool(sandboxes),
    listTemplatesTool,
    getTemplateTool,
  ];
}
