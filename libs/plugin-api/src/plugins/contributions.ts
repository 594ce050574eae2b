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
