import type { ToolOutcome } from '@orcaops/plugin-api';
import { isContainerActive, removeContainerSummary, stopContainerSummary } from './container-format.js';
import type { ActionSpec } from './useConfirmedAction.js';

export const STOP_CONTAINER_TOOL = 'orcaops_stop_container';
export const REMOVE_CONTAINER_TOOL = 'orcaops_remove_container';

/** What the actions need to know of the container: its id (what the tools get), name and state. */
export interface ContainerTarget {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

const label = (target: ContainerTarget) => `${target.name} (${target.id})`;

/** Stop with the tool's default grace period. */
export function stopContainer(target: ContainerTarget): ActionSpec {
  return {
    tool: STOP_CONTAINER_TOOL,
    args: { container_id: target.id },
    confirm: {
      question: `Stop container ${label(target)}?`,
      detail: isContainerActive(target.state)
        ? 'SIGTERM, then SIGKILL after 10 s; the container, its files and its logs are kept.'
        : `It is ${target.state}; stopping it changes nothing.`,
      verb: 'stop',
    },
    doing: `Stopping container ${target.name}`,
    summary: stopContainerSummary,
  };
}

/** Remove; a running container asks whether to force (kill it first), and the anonymous volumes are an option. */
export function removeContainer(target: ContainerTarget, onDone?: (outcome: ToolOutcome) => void): ActionSpec {
  const running = isContainerActive(target.state);
  return {
    tool: REMOVE_CONTAINER_TOOL,
    args: { container_id: target.id },
    confirm: {
      question: `Remove container ${label(target)}?`,
      detail: 'Deletes it with its files and logs; this cannot be undone.',
      verb: 'remove',
      options: [
        ...(running ? [{ name: 'force', key: 'f', label: `force: kill it first (it is ${target.state}; without force the removal is refused)` }] : []),
        { name: 'volumes', key: 'v', label: 'also delete its anonymous volumes' },
      ],
    },
    doing: `Removing container ${target.name}`,
    summary: removeContainerSummary,
    ...(onDone ? { onDone } : {}),
  };
}
