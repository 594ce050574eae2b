import { z } from 'zod';
import type { ContainerState } from '@orcaops/plugin-api';

/** Container states as the engine reports them (the `status` filter of `orcaops_list_containers`). */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const satisfies readonly ContainerState[];

/** States in which a container's processes exist: stop ends them, and remove needs force. */
const ACTIVE_STATES: ReadonlySet<string> = new Set(['running', 'paused', 'restarting']);

/** True for a container whose processes exist (running, paused or restarting). */
export function isActive(state: string): boolean {
  return ACTIVE_STATES.has(state);
}

/**
 * A container reference: full id, a unique id prefix (the 12-character short id the tools return), or name.
 * Restricted to the characters ids and names can have, so that it can never reshape the engine URL it goes into.
 */
export const ContainerRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\/?[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Expected a container id (full, or a unique prefix such as the 12-character short id) or a container name.');

/** The reference as the engine takes it: names may be written with Docker's leading slash. */
export function engineRef(ref: string): string {
  return ref.replace(/^\//, '');
}

/** Docker's 12-character short id; anything that is not a full engine id is returned as is. */
export function shortId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id;
}

/** Ports as the container tools print them (declared in @orcaops/contracts, where the list rows use them too). */
export { ContainerPorts as PortsField } from '@orcaops/contracts';
