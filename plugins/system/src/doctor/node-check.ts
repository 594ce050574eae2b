import { ok, problem, type Finding } from './finding.js';

/** The oldest Node.js OrcaOps supports (the packages' `engines.node`). */
export const MIN_NODE_VERSION = '20.19.0';

/** `node`: the running Node.js is new enough. */
export function nodeFinding(version: string = process.versions.node): Finding {
  if (atLeast(version, MIN_NODE_VERSION)) return ok('node', 'Node.js version', `Node.js ${version} (OrcaOps needs ${MIN_NODE_VERSION} or later).`);
  return problem(
    'node',
    'Node.js is too old',
    `Node.js ${version} runs OrcaOps, which needs ${MIN_NODE_VERSION} or later.`,
    'Install Node.js 20.19+ or 22+ (e.g. `nvm install 22`, or your distribution\'s nodejs package), then run OrcaOps with it.',
  );
}

function atLeast(version: string, minimum: string): boolean {
  const parts = (text: string) => text.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [have, need] = [parts(version), parts(minimum)];
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i]!;
  }
  return true;
}
