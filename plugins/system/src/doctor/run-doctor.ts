import { configFinding, composeFinding, diskFinding, homeFinding, pluginsFinding } from './host-checks.js';
import { engineFinding, runtimeFinding } from './engine-checks.js';
import { imagesFinding } from './image-check.js';
import { locksFinding } from './lock-check.js';
import { orphanedContainersFinding, stuckRunsFinding } from './leftover-checks.js';
import { nodeFinding } from '@orcaops/contracts';
import { warn, type Finding } from './finding.js';
import type { DoctorInputs } from './doctor-inputs.js';

/**
 * Every check, in the order a person reads them (what OrcaOps runs on, then the engine, then leftovers). The
 * engine checks only run when the engine answered; a check that throws becomes a `warn` naming the error, so
 * one broken check never hides the others or fails system info.
 */
export async function runDoctor(inputs: DoctorInputs): Promise<Finding[]> {
  const guarded = (id: string, check: () => Promise<Finding>) =>
    check().catch((error: unknown) =>
      warn(id, `${id}: the check failed`, error instanceof Error ? error.message : String(error), 'Run orcaops doctor again; if this stays, run it with --debug and report the message.'),
    );
  const runtime = runtimeFinding(inputs.engine);
  const [home, images, locks, orphaned, stuck] = await Promise.all([
    guarded('home.writable', () => homeFinding(inputs.host.home)),
    guarded('images', () => imagesFinding(inputs)),
    guarded('locks', () => locksFinding(inputs.host.home, inputs.now())),
    guarded('containers.orphaned', () => orphanedContainersFinding(inputs)),
    guarded('runs.stuck', () => stuckRunsFinding(inputs)),
  ]);
  return [
    nodeFinding(),
    configFinding(inputs.host),
    engineFinding(inputs.engine),
    ...(runtime ? [runtime] : []),
    composeFinding(inputs.compose),
    home,
    diskFinding(inputs.disk),
    pluginsFinding(inputs.host),
    images,
    locks,
    orphaned,
    stuck,
  ];
}
