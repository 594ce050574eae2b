import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolOutcome } from '@orcaops/plugin-api';
import type { FuzzHint } from './fuzz-arguments.js';
import type { Random } from './random.js';

/** What {@link prepareFuzzFixtures} needs of a fuzz harness: the kernel's invoker and the directories of a fuzz home. */
export interface FuzzFixtureHarness {
  readonly kernel: { readonly invoker: { invoke(name: string, args: unknown): Promise<ToolOutcome> } };
  /** The working directory (the sandbox root and job input root of {@link makeFuzzHome}). */
  readonly work: string;
  /** ORCAOPS_HOME. */
  readonly home: string;
}

/** Names of the sandboxes {@link prepareFuzzFixtures} leaves registered, for the fuzzer to aim at. */
export const FIXTURE_SANDBOXES = ['orcafuzz-created', 'orcafuzz-registered'] as const;

/** The job {@link prepareFuzzFixtures} submits when asked to. */
export const FIXTURE_JOB = 'orcafuzz-job';

/**
 * Things for fuzzed calls to find, so that they get past "not found" to the deeper code: a compose project
 * directory, a created and a registered sandbox (none of which touches the engine), and with `job` a submitted
 * job (only where the engine is absent: the job then fails at once). Returns the hints for the fuzzer (values by
 * property name).
 */
export async function prepareFuzzFixtures(harness: FuzzFixtureHarness, options: { job?: boolean } = {}): Promise<Record<string, FuzzHint>> {
  const project = join(harness.work, 'orcafuzz-project');
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'docker-compose.yml'), 'services:\n  app:\n    image: orcaops-test/service:latest\n');
  const templates = await harness.kernel.invoker.invoke('orcaops_list_templates', {});
  const templateIds = templates.ok ? (templates.data['templates'] as Array<{ id: string }>).map((template) => template.id) : [];
  const created = await harness.kernel.invoker.invoke('orcaops_create_sandbox', { template: templateIds[0], name: FIXTURE_SANDBOXES[0], directory: join(harness.work, FIXTURE_SANDBOXES[0]) });
  const registered = await harness.kernel.invoker.invoke('orcaops_register_sandbox', { name: FIXTURE_SANDBOXES[1], directory: project });
  const job = options.job ? await harness.kernel.invoker.invoke('orcaops_submit_job', { image: 'orcaops-test/busybox:latest', commands: ['true'], job_id: FIXTURE_JOB }) : null;
  for (const [what, outcome] of [['create sandbox', created], ['register sandbox', registered], ['submit job', job]] as const) {
    if (outcome && !outcome.ok) throw new Error(`fuzz fixture: ${what} failed: ${outcome.error.code} ${outcome.error.message}`);
  }
  const directories = [harness.work, project, join(harness.work, 'orcafuzz-new'), join(harness.home, 'sandboxes', 'orcafuzz')];
  return {
    template: templateIds,
    template_id: templateIds,
    // Existing sandboxes, or a new name (a taken one stops create and register early).
    name: (random) => (random.chance(0.5) ? random.pick(FIXTURE_SANDBOXES) : `orcafuzz-${random.int(0, 1_000_000)}`),
    directory: directories,
    source: directories,
    compose_file: ['docker-compose.yml'],
    // The fixture job (for the tools that read one) or a fresh id (for the ones that submit).
    ...(job ? { job_id: (random: Random) => (random.chance(0.6) ? FIXTURE_JOB : `orcafuzz-job-${random.int(0, 1_000_000)}`) } : {}),
    service: ['app', 'frontend', 'db'],
    images: [{}],
    ports: [{}],
    variables: [{}],
  };
}
