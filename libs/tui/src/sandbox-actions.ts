import { startSummary, stopSummary } from './sandbox-format.js';
import type { ActionSpec } from './useConfirmedAction.js';

export const START_SANDBOX_TOOL = 'orcaops_start_sandbox';
export const STOP_SANDBOX_TOOL = 'orcaops_stop_sandbox';

/** Start a sandbox with the tool's defaults: compose up, then wait until every service is healthy. */
export function startSandbox(name: string): ActionSpec {
  return {
    tool: START_SANDBOX_TOOL,
    args: { name },
    confirm: {
      question: `Start sandbox ${name}?`,
      detail: 'compose up, then wait until every service runs and passes its health check (up to 180 s).',
      verb: 'start',
    },
    doing: `Starting sandbox ${name}`,
    summary: startSummary,
  };
}

/** Stop a sandbox (compose down); its volumes go only if the user ticks the option. */
export function stopSandbox(name: string): ActionSpec {
  return {
    tool: STOP_SANDBOX_TOOL,
    args: { name },
    confirm: {
      question: `Stop sandbox ${name}?`,
      detail: 'compose down: its containers and networks are removed; it stays registered and can be started again.',
      verb: 'stop',
      options: [{ name: 'volumes', key: 'v', label: 'also delete its volumes (their data is lost)' }],
    },
    doing: `Stopping sandbox ${name}`,
    summary: stopSummary,
  };
}
