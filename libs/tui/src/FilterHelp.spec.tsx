import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { footerText, helpRows, KEY_TABLE, type HintMode } from './key-table.js';
import { KEY, renderApp } from './test-fixtures/app-driver.js';
import { ALL_VIEW_TOOLS, RUNNING_CONTAINERS, RUNS_DATA, SANDBOXES_DATA, ok } from './test-fixtures/fake-kernel.js';

afterEach(() => {
  cleanup();
});

const answers = { orcaops_list_runs: ok(RUNS_DATA), orcaops_list_sandboxes: ok(SANDBOXES_DATA), orcaops_list_containers: ok(RUNNING_CONTAINERS) };

describe('the key table', () => {
  it('gives every screen that is not typing or confirming a ? help, and every list a / filter', () => {
    const quiet: ReadonlySet<HintMode> = new Set(['form', 'formConfirm', 'confirm', 'acting', 'filter']);
    for (const mode of Object.keys(KEY_TABLE) as HintMode[]) {
      if (!quiet.has(mode)) expect(footerText(mode).startsWith('? help')).toBe(true);
    }
    for (const mode of ['list', 'jobs', 'sandboxes', 'containers'] as const) expect(footerText(mode)).toContain('/ filter');
    expect(helpRows('jobs').map(([keys]) => keys)).toEqual(expect.arrayContaining(['d', '/', 'H', 'J', 'S', 'C']));
  });
});

describe('/ filter', () => {
  it('narrows the runs as you type, enter keeps it, esc clears it', async () => {
    const app = renderApp(answers, { tools: ALL_VIEW_TOOLS });
    await app.press('J', 'orcaops_list_runs · 2 most recent');
    let frame = await app.press('/', 'enter keep · esc clear');
    expect(frame).toContain('type to narrow');
    // q, J and ? are letters of the filter here, not commands.
    frame = await app.press('alp', '1 of 2');
    expect(frame).toMatch(/^\/alp/m);
    expect(frame).not.toContain('failed');
    expect(frame).toContain('alpine:3');
    frame = await app.press(KEY.enter, 'filter "alp" · 1 of 2 · esc clears');
    frame = await app.press(KEY.escape, 'failed');
    expect(frame).not.toContain('filter "alp"');
    // Esc with no filter goes back as before.
    await app.press(KEY.escape, 'enter run');
  });

  it('takes q and J as text, and says when nothing matches', async () => {
    const app = renderApp(answers, { tools: ALL_VIEW_TOOLS });
    await app.press('C', 'orcaops_list_containers');
    const frame = await app.press('/qJ', 'No container matches the filter.');
    expect(frame).toMatch(/^\/qJ/m);
    await app.press(KEY.escape, 'orcaops-job-e636e6');
  });

  it('narrows sandboxes and the tool list', async () => {
    const app = renderApp(answers, { tools: ALL_VIEW_TOOLS });
    let frame = await app.press('/stats', '1 of');
    expect(frame).toContain('Container stats');
    expect(frame).not.toContain('List sandboxes');
    await app.press(KEY.escape, 'List sandboxes');
    await app.press('S', 'api-tests');
    frame = await app.press('/api', '1 of 2');
    expect(frame).not.toMatch(/^. demo /m);
  });
});

describe('? help', () => {
  it('lists the keys of the screen on view, from the key table, and any key closes it without acting', async () => {
    const app = renderApp(answers, { tools: ALL_VIEW_TOOLS });
    await app.press('J', 'orcaops_list_runs · 2 most recent');
    const frame = await app.press('?', 'any key closes this help');
    expect(frame).toContain('Keys · jobs');
    for (const [keys, does] of helpRows('jobs').slice(0, 6)) expect(frame).toMatch(new RegExp(`^ {2}${keys.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +${does.slice(0, 20).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
    // d would delete the selected run if the view heard it: it only closes the help.
    await app.press('d', 'orcaops_list_runs · 2 most recent');
    expect(app.screen()).not.toContain('Delete run');
  });

  it('is the dashboard\'s too', async () => {
    const app = renderApp({ ...answers, orcaops_system_info: ok({ docker: { available: true } }) }, { tools: ALL_VIEW_TOOLS, initialView: 'home' });
    await app.waitForText('Running jobs');
    const frame = await app.press('?', 'Keys · home');
    expect(frame).toMatch(/^ {2}t +the tool list$/m);
    await app.press('x', 'Running jobs');
  });
});
