import type { AnyToolDefinition } from '../tools/tool-definition.js';

/** Contributes tools to the catalog. Bind implementations to {@link TOKENS.ToolProvider}. */
export interface ToolProvider {
  /** The tools, read once at start-up. */
  getTools(): readonly AnyToolDefinition[];
}

/**
 * What kind of process hosts the plugins. `server` (the MCP server) and `tui` stay up for a session; `command`
 * (`orcaops tools`, `orcaops call`) ends after one call, so it must not take on work that outlives it.
 */
export type HostRole = 'server' | 'tui' | 'command';

/** True for hosts that stay up long enough to own background work they did not start (docs/decisions/0013). */
export function isLongLivedRole(role: HostRole): boolean {
  return role !== 'command';
}

/** What the host tells the start hooks. */
export interface LifecycleStartContext {
  readonly role: HostRole;
}

/**
 * Optional start and stop hooks. Bind to {@link TOKENS.LifecycleContribution}. Each hook runs under a time limit;
 * a failing or slow hook is logged and does not stop the others.
 */
export interface LifecycleContribution {
  /** Called after every plugin has loaded, before the first tool call. */
  start?(context: LifecycleStartContext): Promise<void>;
  /**
   * Resolves when background work this process owns is done (e.g. jobs it supervises). Hosts whose process should
   * not end while such work runs (the `orcaops call` command) wait for it; the MCP server does not.
   */
  drain?(): Promise<void>;
  /** Called on shutdown; release resources, flush state. */
  stop?(): Promise<void>;
}
