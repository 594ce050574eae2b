// Jest reporter that leaves each project's counts in ORCAOPS_TEST_RESULTS_DIR, so that tools/run-tests.mjs can
// print one total across all projects (Jest's own summary is per project).
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export default class TestResultsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.ORCAOPS_TEST_RESULTS_DIR;
    if (!dir) return;
    const counts = {
      project: relative(process.env.ORCAOPS_WORKSPACE_ROOT ?? '', this.rootDir),
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      brokenSuites: results.numRuntimeErrorTestSuites,
    };
    writeFileSync(join(dir, `${counts.project.replace(/\W+/g, '_')}-${process.pid}.json`), JSON.stringify(counts));
  }
}
