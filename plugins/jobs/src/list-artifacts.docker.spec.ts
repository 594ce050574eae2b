import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AnyToolDefinition } from '@orcaops/plugin-api';
import { JobSpecSchema, type ArtifactRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, callToolData, requireDocker, toolNamed, walkPages } from '@orcaops/testing';
import { JobEngine } from './engine/job-engine.js';
import { createArtifactTools } from './tools/artifact-tools.js';
import { realJobEngine, type RealJobEngine } from './test-fixtures/real-job-engine.js';

const FILES = 2000;

describe('orcaops_list_artifacts against the real engine', () => {
  const scope = new DockerTestScope();
  let temp: RealJobEngine['temp'];
  let store: FileRunStore;
  let engine: JobEngine;
  let listArtifacts: AnyToolDefinition;

  beforeAll(async () => {
    await requireDocker();
    ({ temp, store, engine } = await realJobEngine(
      { artifactLimits: { maxFileBytes: 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024, maxCount: 5000 } },
      { concurrency: 1, maxQueued: 1 },
    ));
    listArtifacts = toolNamed(createArtifactTools(engine, store), 'orcaops_list_artifacts');
  });
  afterAll(async () => {
    for (const jobId of engine?.localJobIds() ?? []) await engine.cancel(jobId).catch(() => undefined);
    await scope.cleanup();
    await temp?.remove();
  });

  it('pages a job that collected 2,000 files: every file once, every reply within the default budget', async () => {
    const spec = JobSpecSchema.parse({
      image: TEST_IMAGE,
      commands: [`mkdir -p build/reports && i=0; while [ $i -lt ${FILES} ]; do echo "r $i" > build/reports/report-$i.txt; i=$((i+1)); done`],
      artifacts: ['build/reports/*.txt'],
      labels: { [TEST_RUN_LABEL]: scope.runId },
    });
    const submitted = await engine.submit(spec);
    const record = await engine.wait(submitted.job_id, { timeoutMs: 120_000 });
    expect(record.status).toBe('success');
    expect(record.artifacts).toHaveLength(FILES);

    const list = (offset: number) => callToolData(listArtifacts, { job_id: record.job_id, offset, limit: 1000 });
    const walked = await walkPages<ArtifactRecord>(list, { list: 'artifacts', limitBytes: 65_536 });
    expect(walked.items).toEqual(record.artifacts);
    expect(new Set(walked.items.map((artifact) => artifact.path)).size).toBe(FILES);
    expect(walked.pages.length).toBeGreaterThan(2);
    expect(walked.pages.every((page) => page['total'] === FILES)).toBe(true);
  });
});
