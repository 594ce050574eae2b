import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import { App } from './App.js';
import { FAKE_TOOLS, SYSTEM_INFO_DATA, fakeCatalog, fakeInvoker } from './test-fixtures/fake-kernel.js';
import { waitForFrame, waitForText } from './test-fixtures/wait-for-frame.js';

const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003' } as const;

function setup(props: { rows?: number; notices?: readonly string[] } = {}) {
  const invoker = fakeInvoker();
  const onQuit = jest.fn();
  const view = render(<App catalog={fakeCatalog()} invoker={invoker} version="9.9.9" onQuit={onQuit} initialView="list" {...props} />);
  return { ...view, invoker, onQuit };
}

/** Moves to System information and presses Enter; returns the pending call. */
async function runSystemInfo(view: ReturnType<typeof setup>) {
  await waitForText(view.lastFrame, 'Job status');
  view.stdin.write(KEY.down);
  await waitForFrame(view.lastFrame, (frame) => /› System information/.test(frame));
  view.stdin.write(KEY.enter);
  await waitForText(view.lastFrame, 'running…');
  expect(view.invoker.calls).toHaveLength(1);
  return view.invoker.calls[0]!;
}

afterEach(() => {
  cleanup();
});

describe('App', () => {
  it('shows the header, the categories and every tool with its safety', async () => {
    const { lastFrame } = setup();
    const frame = await waitForText(lastFrame, 'OrcaOps 9.9.9');
    expect(frame).toContain('3 tools in 2 categories');
    const lines = frame.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('jobs')).toBeLessThan(at('Job status'));
    expect(at('Job status')).toBeLessThan(at('system'));
    expect(at('system')).toBeLessThan(at('System information'));
    expect(lines[at('System information')]).toContain('read-only');
    expect(lines[at('Clean up stopped containers')]).toContain('destructive');
    expect(frame).toMatch(/› Job status/);
    expect(frame).toContain('Shows the status of one job.');
    expect(frame).toContain('enter run');
  });

  it('runs the read-only tool on down + enter and shows a formatted result', async () => {
    const view = setup();
    const call = await runSystemInfo(view);
    expect(call.name).toBe('orcaops_system_info');
    expect(call.args).toEqual({});
    expect(call.options?.signal?.aborted).toBe(false);

    call.resolve({ ok: true, data: SYSTEM_INFO_DATA });
    const frame = await waitForText(view.lastFrame, '✓ ok in');
    expect(frame).toMatch(/^orcaops$/m);
    expect(frame).toMatch(/^ {2}version +9\.9\.9$/m);
    expect(frame).toMatch(/^ {2}config_file +—$/m);
    expect(frame).toMatch(/^ {2}memory_bytes +8\.0 GiB$/m);
    expect(frame).toMatch(/^ {2}free_memory_bytes +1\.5 GiB$/m);
    expect(frame).toMatch(/^ {2}loaded \(1\)$/m);
    expect(frame).toMatch(/^ {4}id +source +version +builtin +tools$/m);
    // The test screen is 100 columns wide: the last column is cut, not wrapped.
    expect(frame).toMatch(/^ {4}system +@orcaops\/plugin-system +0\.1\.0 +true +orcaops_system_info, orcaops_cleanup_co…$/m);
    expect(frame).toMatch(/^ {2}failed +—$/m);
    expect(frame).toContain('esc back');
  });

  it('shows a failure as code, message and suggestion', async () => {
    const view = setup();
    const call = await runSystemInfo(view);
    call.resolve({
      ok: false,
      error: { code: 'DOCKER_UNAVAILABLE', message: 'Cannot reach the Docker engine.', suggestion: 'Start the Docker engine, then retry.' },
    });
    const frame = await waitForText(view.lastFrame, '✗ failed');
    expect(frame).toMatch(/^DOCKER_UNAVAILABLE$/m);
    expect(frame).toContain('Cannot reach the Docker engine.');
    expect(frame).toContain('→ Start the Docker engine, then retry.');
  });

  it('returns to the list on esc and on backspace, keeping the selection', async () => {
    const view = setup();
    const call = await runSystemInfo(view);
    call.resolve({ ok: true, data: { answer: 42 } });
    await waitForText(view.lastFrame, 'answer');
    view.stdin.write(KEY.escape);
    let frame = await waitForText(view.lastFrame, 'enter run');
    expect(frame).not.toContain('answer');
    expect(frame).toMatch(/› System information/);

    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'running…');
    view.invoker.calls[1]!.resolve({ ok: true, data: { answer: 43 } });
    await waitForText(view.lastFrame, '43');
    view.stdin.write(KEY.backspace);
    frame = await waitForText(view.lastFrame, 'enter run');
    expect(frame).toMatch(/› System information/);
  });

  it('cancels a running call on esc and ignores its late answer', async () => {
    const view = setup();
    const call = await runSystemInfo(view);
    view.stdin.write(KEY.escape);
    await waitForText(view.lastFrame, 'enter run');
    expect(call.options?.signal?.aborted).toBe(true);
    call.resolve({ ok: true, data: { late: true } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(view.lastFrame()).not.toContain('late');
  });

  it('opens a form for a tool that needs input, where letters are typed, not shortcuts; Esc from the result goes back to it', async () => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    view.stdin.write(KEY.enter);
    let frame = await waitForText(view.lastFrame, 'job_id*');
    expect(frame).toMatch(/› job_id\* +\(required\)/);
    expect(frame).toContain('The id orcaops_submit_job returned.');
    expect(frame).toMatch(/wait +default false +\(space: true\/false\/default\)/);

    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, '✗ job_id: Required');
    expect(view.invoker.calls).toHaveLength(0);

    view.stdin.write('qJSCx');
    view.stdin.write(KEY.backspace);
    view.stdin.write('y');
    view.stdin.write(KEY.down);
    view.stdin.write(' ');
    frame = await waitForFrame(view.lastFrame, (f) => /› wait +true/.test(f));
    expect(frame).toMatch(/job_id\* +qJSCy/);
    expect(frame).not.toContain('Required');
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'running…');
    expect(view.invoker.calls.map((c) => [c.name, c.args])).toEqual([['orcaops_get_job_status', { job_id: 'qJSCy', wait: true }]]);
    expect(view.onQuit).not.toHaveBeenCalled();

    view.invoker.calls[0]!.resolve({ ok: true, data: { status: 'success' } });
    await waitForText(view.lastFrame, '✓ ok in');
    view.stdin.write(KEY.escape);
    frame = await waitForText(view.lastFrame, 'job_id*');
    expect(frame).toMatch(/job_id\* +qJSCy/);
    view.stdin.write(KEY.escape);
    await waitForFrame(view.lastFrame, (f) => /› Job status/.test(f) && f.includes('enter run'));
  });

  it('asks before running a tool that changes things from its form; declining calls nothing', async () => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    view.stdin.write(KEY.down);
    view.stdin.write(KEY.down);
    await waitForFrame(view.lastFrame, (frame) => /› Clean up stopped containers/.test(frame));
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'This tool takes no input.');
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'Run Clean up stopped containers?');
    view.stdin.write('n');
    await waitForFrame(view.lastFrame, (frame) => frame.includes('This tool takes no input.') && !frame.includes('Run Clean up'));
    expect(view.invoker.calls).toHaveLength(0);
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'y/enter run');
    view.stdin.write('y');
    await waitForText(view.lastFrame, 'running…');
    expect(view.invoker.calls.map((c) => [c.name, c.args])).toEqual([['orcaops_cleanup_containers', {}]]);
  });

  it('e opens the form of a tool that Enter would run at once', async () => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    view.stdin.write(KEY.down);
    await waitForFrame(view.lastFrame, (frame) => /› System information/.test(frame));
    view.stdin.write('e');
    await waitForText(view.lastFrame, 'This tool takes no input.');
    view.stdin.write(KEY.enter);
    await waitForText(view.lastFrame, 'running…');
    expect(view.invoker.calls.map((c) => c.name)).toEqual(['orcaops_system_info']);
  });

  it('moves with j and k and stops at both ends', async () => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    view.stdin.write('k');
    view.stdin.write('j');
    await waitForFrame(view.lastFrame, (frame) => /› System information/.test(frame));
    view.stdin.write('j');
    view.stdin.write('j');
    view.stdin.write('j');
    await waitForFrame(view.lastFrame, (frame) => /› Clean up stopped containers/.test(frame));
    view.stdin.write(KEY.up);
    await waitForFrame(view.lastFrame, (frame) => /› System information/.test(frame));
  });

  it('handles several keys arriving in one read', async () => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    view.stdin.write(KEY.down + KEY.enter);
    await waitForText(view.lastFrame, 'running…');
    view.stdin.write(KEY.escape);
    await waitForText(view.lastFrame, 'enter run');
    // Plain keys typed fast reach useInput as one string ("kj\r"), which must still act as k, j, enter.
    view.stdin.write('kj\r');
    await waitForFrame(view.lastFrame, () => view.invoker.calls.length === 2);
    expect(view.invoker.calls.map((call) => call.name)).toEqual(['orcaops_system_info', 'orcaops_system_info']);
  });

  it('scrolls once per key in a burst and quits on a q inside one', async () => {
    const view = setup({ rows: 16 });
    const call = await runSystemInfo(view);
    call.resolve({ ok: true, data: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`key_${index}`, index])) });
    await waitForText(view.lastFrame, 'lines 1–');
    view.stdin.write('jjj');
    await waitForText(view.lastFrame, 'lines 4–');
    view.stdin.write('kq');
    await waitForFrame(view.lastFrame, () => view.onQuit.mock.calls.length === 1);
  });

  it.each([
    ['q in the list', [] as string[], 'q'],
    ['q in the result view', [KEY.down, KEY.enter], 'q'],
    ['ctrl+c', [], KEY.ctrlC],
  ])('quits on %s', async (_name, before, quitKey) => {
    const view = setup();
    await waitForText(view.lastFrame, 'Job status');
    for (const key of before) {
      const frames = view.frames.length;
      view.stdin.write(key);
      await waitForFrame(view.lastFrame, () => view.frames.length > frames);
    }
    view.stdin.write(quitKey);
    await waitForFrame(view.lastFrame, () => view.onQuit.mock.calls.length === 1);
    for (const call of view.invoker.calls) expect(call.options?.signal?.aborted).toBe(true);
  });

  it('scrolls a result taller than the screen', async () => {
    const view = setup({ rows: 16 });
    const call = await runSystemInfo(view);
    const data = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`key_${String(index).padStart(2, '0')}`, index]));
    call.resolve({ ok: true, data });
    let frame = await waitForText(view.lastFrame, 'lines 1–');
    expect(frame).toContain('key_00');
    expect(frame).not.toContain('key_29');
    expect(frame.split('\n').length).toBeLessThan(16);
    view.stdin.write('G');
    frame = await waitForText(view.lastFrame, 'key_29');
    expect(frame).not.toContain('key_00');
    view.stdin.write('g');
    await waitForText(view.lastFrame, 'key_00');
  });

  it('windows a long tool list around the selection', async () => {
    const many = Array.from({ length: 20 }, (_, index) => ({ ...FAKE_TOOLS[1]!, name: `orcaops_tool_${index}`, title: `Tool ${index}` }));
    const invoker = fakeInvoker();
    const { lastFrame, stdin } = render(<App catalog={fakeCatalog(many)} invoker={invoker} version="1" rows={14} initialView="list" />);
    let frame = await waitForText(lastFrame, 'Tool 0');
    expect(frame).not.toContain('Tool 19');
    expect(frame).toMatch(/of 21 lines/);
    for (let index = 0; index < 19; index += 1) stdin.write('j');
    frame = await waitForFrame(lastFrame, (text) => /› Tool 19/.test(text));
    expect(frame).not.toMatch(/Tool 0\b/);
  });

  it('shows start-up notices under the header', async () => {
    const { lastFrame } = setup({ notices: ['Plugin ./broken failed to load: boom'] });
    const frame = await waitForText(lastFrame, 'OrcaOps 9.9.9');
    expect(frame).toContain('! Plugin ./broken failed to load: boom');
  });
});
