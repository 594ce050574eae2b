import { z } from 'zod';

/**
 * One health-check result, as `orcaops_system_info` returns it in `findings` and `orcaops doctor` prints it. Shared
 * here so the CLI reads the tool's answer through the same schema the system plugin declares.
 */
export const FindingSchema = z.object({
  id: z.string().describe('Stable name of the check, e.g. docker.engine, runs.stuck.'),
  status: z.enum(['ok', 'warn', 'problem']).describe('problem: OrcaOps cannot work as asked; warn: it works, with a limit or leftover worth knowing.'),
  title: z.string(),
  detail: z.string(),
  fix: z.string().nullable().describe('What to do; always set for warn and problem.'),
});

export type Finding = z.infer<typeof FindingSchema>;
export type FindingStatus = Finding['status'];

/** The oldest Node.js OrcaOps supports (the packages' `engines.node`). */
export const MIN_NODE_VERSION = '20.19.0';

/**
 * `node`: the running Node.js is new enough. Checked by the system plugin and, when OrcaOps cannot start at all, by
 * `orcaops doctor` itself.
 */
export function nodeFinding(version: string = process.versions.node): Finding {
  if (atLeast(version, MIN_NODE_VERSION)) {
    return { id: 'node', status: 'ok', title: 'Node.js version', detail: `Node.js ${version} (OrcaOps needs ${MIN_NODE_VERSION} or later).`, fix: null };
  }
  return {
    id: 'node',
    status: 'problem',
    title: 'Node.js is too old',
    detail: `Node.js ${version} runs OrcaOps, which needs ${MIN_NODE_VERSION} or later.`,
    fix: 'Install Node.js 20.19+ or 22+ (e.g. `nvm install 22`, or your distribution\'s nodejs package), then run OrcaOps with it.',
  };
}

function atLeast(version: string, minimum: string): boolean {
  const parts = (text: string) => text.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [have, need] = [parts(version), parts(minimum)];
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i]!;
  }
  return true;
}
