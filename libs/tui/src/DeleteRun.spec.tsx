import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp } from './test-fixtures/app-driver.js';
import { ALL_VIEW_TOOLS, FAILED_JOB_ID, JOBS_CATALOG_TOOLS, OK_JOB_ID, RUNS_DATA, ok, runDeleted } from './test-fixtures/fake-kernel.js';

afterEach(() => {
  cleanup();
});

describe('deleting a run from the Jobs view', () => {
  it('asks first; y deletes the selected run and the list is read again without it', async () => {
    let deleted = false;
    const app = renderApp(
      {
        orcaops_list_runs: () => ok(deleted ? { ...RUNS_DATA, runs: RUNS_DATA.runs.slice(1), total: 1 } : RUNS_DATA),
        orcaops_delete_run: (args) => {
          deleted = true;
          return ok(runDeleted(String(args['job_id'])));
        },
      },
      { tools: ALL_VIEW_TOOLS },
    );
    await app.press('J', FAILED_JOB_ID);
    let frame = await app.press('d', `Delete run ${FAILED_JOB_ID}?`);
    expect(frame).toContain('y/enter delete · n/esc cancel');
    expect(app.invoker.callsOf('orcaops_delete_run')).toEqual([]);
    frame = await app.press('y', `✓ Deleted run ${FAILED_JOB_ID}.`);
    expect(app.invoker.callsOf('orcaops_delete_run').map((call) => call.args)).toEqual([{ job_id: FAILED_JOB_ID }]);
    frame = await app.waitFor((text) => !text.includes(`${FAILED_JOB_ID}  failed`) && text.includes(OK_JOB_ID));
    expect(frame).toMatch(new RegExp(`^› ${OK_JOB_ID}`, 'm'));
  });

  it('n deletes nothing; a refusal (a live job) shows the tool\'s suggestion', async () => {
    const app = renderApp(
      {
        orcaops_list_runs: ok(RUNS_DATA),
        orcaops_delete_run: { ok: false, error: { code: 'CONFLICT', message: `Run ${FAILED_JOB_ID} is running; only finished runs can be deleted.`, suggestion: 'Cancel it with orcaops_cancel_job.' } },
      },
      { tools: ALL_VIEW_TOOLS },
    );
    await app.press('J', FAILED_JOB_ID);
    await app.press('d', 'Delete run');
    await app.press('n', 'Cancelled; nothing was changed.');
    expect(app.invoker.callsOf('orcaops_delete_run')).toEqual([]);
    await app.press('d', 'Delete run');
    const frame = await app.press(KEY.enter, 'CONFLICT');
    expect(frame).toContain('Cancel it with orcaops_cancel_job.');
  });

  it('says so when orcaops_delete_run is not loaded', async () => {
    const app = renderApp({ orcaops_list_runs: ok(RUNS_DATA) }, { tools: JOBS_CATALOG_TOOLS });
    await app.press('J', FAILED_JOB_ID);
    await app.press('d', 'orcaops_delete_run is not loaded');
  });
});
