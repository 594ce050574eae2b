import type { AnyToolDefinition, ToolProvider } from '@orcaops/plugin-api';
import type { Sandboxes } from './sandboxes.js';
import { createCreateSandboxTool, createRegisterSandboxTool } from './tools/create-tools.js';
import { createExecInSandboxTool } from './tools/exec-tool.js';
import { createRemoveSandboxTool, createStartSandboxTool, createStopSandboxTool } from './tools/lifecycle-tools.js';
import { createGetSandboxTool, createListSandboxesTool } from './tools/query-tools.js';
import { getTemplateTool, listTemplatesTool } from './tools/template-tools.js';

/** Contributes the sandboxes category. */
export class SandboxesToolsProvider implements ToolProvider {
  constructor(private readonly sandboxes: Sandboxes) {}

  getTools(): readonly AnyToolDefinition[] {
    const s = this.sandboxes;
    return [
      createListSandboxesTool(s),
      createGetSandboxTool(s),
      createCreateSandboxTool(s),
      createRegisterSandboxTool(s),
      createStartSandboxTool(s),
      createStopSandboxTool(s),
      createRemoveSandboxTool(s),
      createExecInSandboxTool(s),
      listTemplatesTool,
      getTemplateTool,
    ];
  }
}
