import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { KEY, REFRESH_MS, deferred, pause, renderApp } from './test-fixtures/app-driver.js';
import { FAKE_TOOLS, SANDBOXES_DATA, SANDBOX_TOOLS, ok, sandboxRow, sandboxStopped, sandboxView, type CannedAnswer } from './test-fixtures/fake-kernel.js';

/** Two sandboxes; `demo` running with two services, stopping and starting succeed. */
const ANSWERS: Record<string, CannedAnswer> = {
  orcaops_list_sandboxes: ok(SANDBOXES_DATA),
  orcaops_get_sandbox: (args) => ok(sandboxView({ name: args['name'] })),
  orcaops_start_sandbox: (args) => ok(sandboxView({ name: args['name'] })),
  orcaops_stop_sandbox: (args) => ok(sandboxStopped(String(args['name']), args['volumes'] === true)),
};

/** Presses S in the tool list and waits for the sandbox table. */
async function openSandboxes(answers: Record<string, CannedAnswer> = ANSWERS, expected = '› demo', options: Parameters<typeof renderApp>[1] = {}) {
  const app = renderApp(answers, options);
  await app.waitForText('S sandboxes');
  await app.press('S', expected);
  return app;
}

afterEach(() => {
  cleanup();
});

describe('the Sandboxes view', () => {
  it('opens with S and lists the sandboxes with their status and running containers', async () => {
    const app = await openSandboxes();
    const frame = app.screen();
    expect(frame).toMatch(/^Sandboxes {2}orcaops_list_sandboxes · 2$/m);
    expect(frame).toMatch(/^ {2}name +status +running +template +directory$/m);
    expect(frame).toMatch(/^› demo +running +2\/2 +web-dev +\/work\/sandboxes\/demo$/m);
    expect(frame).toMatch(/^ {2}api-tests +stopped +0\/0 +api-testing +\/work\/sandboxes\/api-tests$/m);
    expect(frame).toContain('? help · ↑↓/j k select · enter open · s start · x stop · e exec · n new · / filter');
    expect(app.invoker.callsOf('orcaops_list_sandboxes')[0]!.args).toEqual({});
  });

  it('says when the tools answer what their schemas do not allow, instead of blanks', async () => {
    let app = await openSandboxes({ orcaops_list_sandboxes: ok({ ...SANDBOXES_DATA, sandboxes: [sandboxRow('demo', { status: 'lost' })] }) }, 'unexpected output from orcaops_list_sandboxes');
    expect(app.screen()).toContain('sandboxes.0.status');
    expect(app.screen()).not.toContain('No sandboxes yet');
    cleanup();

    app = await openSandboxes({ ...ANSWERS, orcaops_get_sandbox: ok(sandboxView({ services: [{ name: 'web', containers: [{ name: 'demo-web-1' }] }] })) });
    app.stdin.write(KEY.enter);
    await app.waitForText('unexpected output from orcaops_get_sandbox');
    expect(app.screen()).toContain('services.0.containers.0.state');
  });

  it('opens a sandbox on Enter: each service with its container, state, health and ports, and the endpoints', async () => {
    const app = await openSandboxes();
    const frame = await app.press(KEY.enter, 'endpoints (1)');
    expect(frame).toMatch(/^Sandboxes {2}orcaops_get_sandbox · demo$/m);
    expect(frame).toMatch(/^demo {2}running {2}template web-dev$/m);
    expect(frame).toContain('/work/sandboxes/demo · docker-compose.yml');
    expect(frame).toMatch(/^services \(2\)$/m);
    expect(frame).toMatch(/^ {2}service +container +state +health +ports$/m);
    expect(frame).toMatch(/^ {2}db +demo-db-1 +running +healthy +5432\/tcp$/m);
    expect(frame).toMatch(/^ {2}web +demo-web-1 +running +— +127\.0\.0\.1:8080->80\/tcp$/m);
    expect(frame).toMatch(/^ {2}web {2}127\.0\.0\.1:8080 {2}→ port 80$/m);
    expect(frame).toContain('s start · x stop · e exec · ↑↓/j k scroll · esc back · q quit');
    // Read again now and then: every read is of demo.
    expect(new Set(app.invoker.callsOf('orcaops_get_sandbox').map((call) => JSON.stringify(call.args)))).toEqual(new Set(['{"name":"demo"}']));

    // Esc: back to the list, the same sandbox selected; again: the tool list.
    await app.press(KEY.escape, 'enter open');
    expect(app.screen()).toMatch(/^› demo/m);
    await app.press(KEY.escape, 'enter run');
  });

  it('opens the exec form for the selected sandbox with e, and the create form with n; Esc comes back here', async () => {
    const app = await openSandboxes({ ...ANSWERS, orcaops_exec_in_sandbox: ok({ container: 'demo-web-1', exit_code: 0, stdout: 'hi\n', stderr: '', truncated: false }) });
    let frame = await app.press('e', 'Run a command in a sandbox service');
    expect(frame).toMatch(/^ {2}name\* +demo/m);
    expect(frame).toMatch(/^› service\* +\(required\)/m);
    app.stdin.write('web');
    app.stdin.write(KEY.down);
    await app.press('echo hi', 'echo hi');
    await app.press(KEY.enter, '{"name":"demo","service":"web","command":["echo","hi"]}');
    frame = await app.press('y', 'exit_code');
    expect(app.invoker.callsOf('orcaops_exec_in_sandbox').map((call) => call.args)).toEqual([{ name: 'demo', service: 'web', command: ['echo', 'hi'] }]);
    await app.press(KEY.escape, 'service*');
    await app.press(KEY.escape, 'e exec · n new');

    frame = await app.press('n', 'Create a sandbox');
    expect(frame).toMatch(/^› template\* +\(required\)/m);
    await app.press(KEY.escape, 'e exec · n new');
    expect(app.invoker.callsOf('orcaops_create_sandbox')).toHaveLength(0);
  });

  it('shows declared services that have no container yet, and a stopped sandbox without endpoints', async () => {
    const app = await openSandboxes({
      ...ANSWERS,
      orcaops_get_sandbox: ok(sandboxView({ name: 'api-tests', status: 'stopped', services: [{ name: 'api', containers: [] }], endpoints: [] })),
    });
    await app.press('j', '› api-tests');
    const frame = await app.press(KEY.enter, 'endpoints');
    expect(frame).toMatch(/^ {2}api +— +not created +— +—$/m);
    expect(frame).toContain('endpoints  — (none published; s starts the sandbox)');
    expect(app.invoker.callsOf('orcaops_get_sandbox')[0]!.args).toEqual({ name: 'api-tests' });
  });

  it('asks before starting; n declines without calling the tool', async () => {
    const app = await openSandboxes();
    let frame = await app.press('s', 'Start sandbox demo?');
    expect(frame).toContain('compose up, then wait until every service runs and passes its health check');
    expect(frame).toContain('y/enter start · n/esc cancel');
    await app.waitForText('y/enter confirm · n/esc cancel · q quit');
    frame = await app.press('n', 'Cancelled; nothing was changed.');
    expect(frame).not.toContain('Start sandbox demo?');
    expect(app.invoker.callsOf('orcaops_start_sandbox')).toHaveLength(0);
    // The view has its keys back.
    await app.press('j', '› api-tests');
  });

  it('starts on Enter, showing the compose progress messages while it runs, then the endpoints', async () => {
    const answer = deferred<ToolOutcome>();
    const app = await openSandboxes({
      ...ANSWERS,
      orcaops_start_sandbox: (_args, _count, options) => {
        options?.onProgress?.({ progress: 1, message: 'Container demo-db-1  Started' });
        options?.onProgress?.({ progress: 2, message: 'Container demo-web-1  Started' });
        options?.onProgress?.({ progress: 3, message: 'waiting for db: starting' });
        return answer.promise;
      },
    });
    await app.press('s', 'Start sandbox demo?');
    let frame = await app.press(KEY.enter, 'waiting for db: starting');
    expect(frame).toContain('⟳ Starting sandbox demo… (esc cancels)');
    expect(frame).toMatch(/│ Container demo-db-1 {2}Started\n.*│ Container demo-web-1 {2}Started\n.*│ waiting for db: starting/);
    await app.waitForText('esc cancel · q quit');
    expect(app.invoker.callsOf('orcaops_start_sandbox').map((call) => call.args)).toEqual([{ name: 'demo' }]);
    const listed = app.invoker.callsOf('orcaops_list_sandboxes').length;

    answer.resolve(ok(sandboxView()));
    frame = await app.waitForText('✓ Started demo: running · web 127.0.0.1:8080');
    expect(frame).not.toContain('⟳');
    // The list is read again once the start is over.
    await app.waitFor(() => app.invoker.callsOf('orcaops_list_sandboxes').length > listed);
    expect(app.screen()).toContain('enter open · s start');
  });

  it('asks before stopping, with the volumes kept unless v ticks them', async () => {
    const app = await openSandboxes();
    let frame = await app.press('x', 'Stop sandbox demo?');
    expect(frame).toContain('compose down: its containers and networks are removed');
    expect(frame).toMatch(/\[ \] also delete its volumes \(their data is lost\) {2}\(v toggles\)/);
    expect(frame).toContain('y/enter stop · n/esc cancel');
    // Esc cancels the prompt only; the view stays.
    frame = await app.press(KEY.escape, 'Cancelled; nothing was changed.');
    expect(frame).toContain('enter open · s start');

    await app.press('x', 'Stop sandbox demo?');
    await app.press('v', '[x] also delete its volumes');
    await app.press('y', '✓ Stopped demo: 2 containers removed, volumes deleted');

    // t stops too; the volumes choice starts unticked again.
    await app.press('t', '[ ] also delete its volumes');
    await app.press(KEY.enter, 'volumes kept');
    expect(app.invoker.callsOf('orcaops_stop_sandbox').map((call) => call.args)).toEqual([
      { name: 'demo', volumes: true },
      { name: 'demo', volumes: false },
    ]);
  });

  it('starts and stops the open sandbox from its detail', async () => {
    const app = await openSandboxes();
    await app.press('j', '› api-tests');
    await app.press(KEY.enter, 'endpoints');
    await app.press('x', 'Stop sandbox api-tests?');
    await app.press('y', '✓ Stopped api-tests');
    await app.press('s', 'Start sandbox api-tests?');
    await app.press('y', '✓ Started api-tests');
    expect(app.invoker.callsOf('orcaops_stop_sandbox')[0]!.args).toEqual({ name: 'api-tests', volumes: false });
    expect(app.invoker.callsOf('orcaops_start_sandbox')[0]!.args).toEqual({ name: 'api-tests' });
    // Still the detail.
    expect(app.screen()).toContain('orcaops_get_sandbox · api-tests');
  });

  it('shows a failed start with its code, message and suggestion', async () => {
    const app = await openSandboxes({
      ...ANSWERS,
      orcaops_start_sandbox: {
        ok: false,
        error: { code: 'START_FAILED', message: 'Sandbox "demo" did not start: a service exited.', suggestion: 'Read the message for the cause, fix it, then start again.' },
      },
    });
    await app.press('s', 'Start sandbox demo?');
    const frame = await app.press('y', 'START_FAILED');
    expect(frame).toContain('✗ Starting sandbox demo failed');
    expect(frame).toContain('Sandbox "demo" did not start: a service exited.');
    expect(frame).toContain('→ Read the message for the cause, fix it, then start again.');
  });

  it('cancels a running start with Esc, aborting the call', async () => {
    const app = await openSandboxes({ ...ANSWERS, orcaops_start_sandbox: () => new Promise<ToolOutcome>(() => undefined) });
    await app.press('s', 'Start sandbox demo?');
    await app.press('y', '⟳ Starting sandbox demo');
    // Keys other than Esc wait for the action.
    app.stdin.write('j');
    await pause(30);
    expect(app.screen()).toMatch(/^› demo/m);
    await app.press(KEY.escape, 'Cancelled: Starting sandbox demo.');
    expect(app.invoker.callsOf('orcaops_start_sandbox')[0]!.options?.signal?.aborted).toBe(true);
    // Esc was the action's: the view is still open.
    expect(app.screen()).toContain('enter open · s start');
  });

  it('shows a failing list with its suggestion, no sandboxes, and a missing plugin', async () => {
    let app = await openSandboxes(
      { orcaops_list_sandboxes: { ok: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'connect ENOENT /var/run/docker.sock', suggestion: 'Start the Docker engine.' } } },
      'DOCKER_UNAVAILABLE',
    );
    expect(app.screen()).toContain('→ Start the Docker engine.');
    cleanup();

    app = await openSandboxes({ orcaops_list_sandboxes: ok({ sandboxes: [], count: 0, engine_error: null }) }, 'No sandboxes yet');
    expect(app.screen().replace(/\s+/g, ' ')).toContain(`orcaops call orcaops_create_sandbox '{"template":"web-dev","name":"demo"}'`);
    // Nothing selected: s does nothing.
    app.stdin.write('s');
    await pause(30);
    expect(app.screen()).not.toContain('Start sandbox');
    cleanup();

    app = await openSandboxes({}, 'orcaops_list_sandboxes is not loaded', { tools: FAKE_TOOLS });
    expect(app.invoker.calls).toHaveLength(0);
  });

  it('says which tool is missing instead of asking', async () => {
    const app = await openSandboxes(ANSWERS, '› demo', { tools: [...FAKE_TOOLS, ...SANDBOX_TOOLS.slice(0, 2)] });
    await app.press('s', 'orcaops_start_sandbox is not loaded');
    expect(app.screen()).not.toContain('Start sandbox demo?');
    // Without the exec and create tools, e and n do nothing and the view keeps its keys.
    app.stdin.write('e');
    app.stdin.write('n');
    await app.press(KEY.enter, 'endpoints (1)');
  });

  it('warns when the engine could not be asked', async () => {
    const app = await openSandboxes(
      { orcaops_list_sandboxes: ok({ sandboxes: [sandboxRow('demo', { status: 'unknown' })], count: 1, engine_error: 'connect ENOENT /var/run/docker.sock' }) },
      '› demo',
    );
    expect(app.screen()).toContain('! states unknown: connect ENOENT /var/run/docker.sock');
    expect(app.screen()).toMatch(/^› demo +unknown/m);
  });

  it('reads a starting sandbox again until it settles', async () => {
    // The test decides when the sandbox settles, so a slow machine cannot skip the starting frame.
    let settled = false;
    const app = await openSandboxes({
      ...ANSWERS,
      orcaops_get_sandbox: () => {
        const health = settled ? 'healthy' : 'starting';
        return ok(sandboxView({ status: settled ? 'running' : 'starting', services: [{ name: 'db', containers: [{ id: '8e1d0f5a2b3c', name: 'demo-db-1', state: 'running', status: 'Up', health, ports: [] }] }] }));
      },
    });
    let frame = await app.press(KEY.enter, 'starting');
    expect(frame).toMatch(/^demo {2}starting/m);
    expect(frame).toContain(`↻ refreshing every ${REFRESH_MS} ms`);
    const readsWhileStarting = app.invoker.callsOf('orcaops_get_sandbox').length;
    settled = true;
    frame = await app.waitFor((text) => /^demo {2}running/m.test(text));
    expect(frame).toMatch(/demo-db-1 +running +healthy/);
    expect(frame).not.toContain('refreshing');
    expect(app.invoker.callsOf('orcaops_get_sandbox').length).toBeGreaterThan(readsWhileStarting);
  });

  it('windows a long list to the screen, also with a confirmation open, and goes to another view with J or C', async () => {
    const sandboxes = Array.from({ length: 40 }, (_, index) => sandboxRow(`box-${String(index).padStart(2, '0')}`));
    const app = await openSandboxes({ ...ANSWERS, orcaops_list_sandboxes: ok({ sandboxes, count: 40, engine_error: null }) }, '› box-00', { rows: 20 });
    let frame = app.screen();
    expect(frame).toMatch(/\(1–\d+ of 40\)/);
    expect(frame.split('\n').length).toBeLessThan(20);
    for (let index = 0; index < 39; index += 1) app.stdin.write('j');
    frame = await app.waitForText('› box-39');
    expect(frame).not.toContain('box-00');
    frame = await app.press('x', 'Stop sandbox box-39?');
    expect(frame).toContain('› box-39');
    expect(frame.split('\n').length).toBeLessThan(20);
    // J leaves the view (and its prompt) for the Jobs view; C for the Containers view.
    await app.press('J', 'Jobs');
    await app.press('C', 'Containers');
    expect(app.invoker.callsOf('orcaops_stop_sandbox')).toHaveLength(0);
  });
});
