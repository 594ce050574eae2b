import { join } from 'node:path';
import { DockerodeService } from '@orcaops/docker';
import { FileRunStore } from '@orcaops/run-store';
import { makeTempDir, silentLogger } from '@orcaops/testing';
import { JobEngine } from '../engine/job-engine.js';
import type { JobRuntime } from '../engine/job-execution.js';
import { testJobRuntime } from './job-runtime.js';

/** A job engine on the real engine for a spec: a temporary directory (inputs from it, the run store under it). */
export interface RealJobEngine {
  readonly temp: Awaited<ReturnType<typeof makeTempDir>>;
  readonly store: FileRunStore;
  readonly engine: JobEngine;
}

export async function realJobEngine(overrides: Partial<JobRuntime> = {}, queue = { concurrency: 4, maxQueued: 10 }): Promise<RealJobEngine> {
  const temp = await makeTempDir();
  const store = new FileRunStore({ home: join(temp.path, 'home') });
  const engine = new JobEngine(testJobRuntime({ docker: new DockerodeService({ env: process.env }, silentLogger), store, inputRoot: temp.path }, overrides), queue);
  return { temp, store, engine };
}
