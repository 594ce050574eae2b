import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { renderApp } from './test-fixtures/app-driver.js';
import { ALL_VIEW_TOOLS, RUNNING_JOB_ID, RUNS_DATA, SANDBOXES_DATA, engineInfo, jobsData, ok, runningJobStatus, statsData } from './test-fixtures/fake-kernel.js';

afterEach(() => {
  cleanup();
});

const healthy = {
  orcaops_system_info: ok(engineInfo(true)),
  orcaops_list_jobs: ok(jobsData()),
  orcaops_get_job_status: ok(runningJobStatus()),
  orcaops_list_runs: ok(RUNS_DATA),
  orcaops_list_sandboxes: ok(SANDBOXES_DATA),
  orcaops_get_container_stats: ok(statsData()),
};

const home = (answers: Parameters<typeof renderApp>[0], tools = ALL_VIEW_TOOLS) => renderApp(answers, { initialView: 'home', rows: 24, tools });

describe('the dashboard', () => {
  it('is the first screen: engine, running job with its step, recent runs, sandboxes and container CPU/memory, within 24 rows', async () => {
    const app = home(healthy);
    const frame = await app.waitFor((text) => text.includes('step 2/3') && text.includes('99.5%') && text.includes('api-tests'));
    expect(frame).toContain('● engine up · Docker 27.3.1');
    expect(frame).toMatch(new RegExp(`^ {2}${RUNNING_JOB_ID} +running +step 2/3 +\\d+\\.\\d s`, 'm'));
    expect(frame).toMatch(/^Recent runs/m);
    expect(frame).toMatch(/^ {2}demo +running +2\/2 up +web-dev$/m);
    expect(frame).toMatch(/^ {2}orcaops-job-e636e6 +99\.5% +█+ +200\.0 MiB 20% +2$/m);
    expect(frame).toContain('? help · t tools · J jobs');
    // Ink repaints the whole screen once the output reaches the terminal's height: the layout stays below it.
    expect(frame.split('\n').length).toBeLessThan(24);
  });

  it('keeps polling every panel, and renders only what changed', async () => {
    const app = home(healthy);
    await app.waitForText('99.5%');
    await app.waitFor(() => app.invoker.callsOf('orcaops_get_container_stats').length >= 3 && app.invoker.callsOf('orcaops_list_sandboxes').length >= 3);
    const frames = app.frames.length;
    await app.waitFor(() => app.invoker.callsOf('orcaops_list_sandboxes').length >= 6);
    // The running job's clock moves, so some frames are new; unchanged sandboxes and stats add none of their own.
    expect(app.frames.length - frames).toBeLessThan(app.invoker.callsOf('orcaops_list_sandboxes').length + app.invoker.callsOf('orcaops_get_container_stats').length);
  });

  it('says when the engine is down, keeps asking, and shows it coming back', async () => {
    let up = false;
    const app = home({
      ...healthy,
      orcaops_system_info: () => ok(engineInfo(up)),
      orcaops_get_container_stats: () =>
        up ? ok(statsData()) : { ok: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'The Docker engine at unix:///nope is not answering.', suggestion: 'Start it.' } },
    });
    const frame = await app.waitForText('✗ engine unreachable');
    expect(frame).toContain('retrying every 20 ms');
    expect(frame).toContain('engine unreachable; retrying');
    up = true;
    await app.waitFor((text) => text.includes('● engine up') && text.includes('99.5%'));
  });

  it('says which tools are missing (read-only mode, denied) and shows the rest', async () => {
    const tools = ALL_VIEW_TOOLS.filter((tool) => tool.name !== 'orcaops_get_container_stats' && tool.name !== 'orcaops_list_sandboxes');
    const app = home(healthy, tools);
    const frame = await app.waitFor((text) => text.includes('step 2/3'));
    expect(frame).toContain('orcaops_get_container_stats is not available here');
    expect(frame).toContain('orcaops_list_sandboxes is not available here');
    expect(app.invoker.callsOf('orcaops_get_container_stats')).toEqual([]);
  });

  it('goes to the tool list with t and back with Esc, and to a view and back with J and Esc', async () => {
    const app = home(healthy);
    await app.waitForText('Running jobs');
    await app.press('t', 'enter run');
    await app.press('\u001B', 'Running jobs');
    await app.press('J', 'orcaops_list_runs · 2 most recent');
    await app.press('\u001B', 'Running jobs');
  });
});
