import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { KEY, REFRESH_MS, pause, renderApp } from './test-fixtures/app-driver.js';
import { EXITED_CONTAINER, RUNNING_CONTAINERS, containerLogs, ok, type CannedAnswer } from './test-fixtures/fake-kernel.js';

const WEB = '1b81f52d1862';
const OLD = 'dead00beef01';
const REMOVE_REFUSED = {
  ok: false,
  error: {
    code: 'REMOVE_FAILED',
    message: 'Container web is running; a running container is only removed with force=true.',
    suggestion: 'Stop it first with orcaops_stop_container (container_id "web"), then remove it; or call orcaops_remove_container again with force=true to kill and remove it.',
    details: { state: 'running' },
  },
} as const;

/** Two running containers (all=true adds an exited one); web's log has both streams; stop and remove succeed. */
const ANSWERS: Record<string, CannedAnswer> = {
  orcaops_list_containers: (args) =>
    ok(args['all'] === true ? { containers: [...RUNNING_CONTAINERS.containers, EXITED_CONTAINER], total: 3, truncated: false } : RUNNING_CONTAINERS),
  orcaops_get_container_logs: ok(containerLogs(['listening on :80', ['err', 'warn: no index.html'], 'GET / 404'])),
  orcaops_stop_container: (args) =>
    ok({ id: args['container_id'], name: 'web', was_running: true, previous_state: 'running', state: 'exited', exit_code: 0 }),
  orcaops_remove_container: (args) =>
    args['force'] === false
      ? REMOVE_REFUSED
      : ok({ id: args['container_id'], name: 'web', removed: true, was_running: args['force'] === true, previous_state: 'running', volumes_removed: args['volumes'] === true }),
};

async function openContainers(answers: Record<string, CannedAnswer> = ANSWERS, expected = `› ${WEB}`, options: Parameters<typeof renderApp>[1] = {}) {
  const app = renderApp(answers, options);
  await app.waitForText('C containers');
  await app.press('C', expected);
  return app;
}

afterEach(() => {
  cleanup();
});

describe('the Containers view', () => {
  it('opens with C and lists the running containers; a toggles all and running only', async () => {
    const app = await openContainers();
    let frame = app.screen();
    expect(frame).toMatch(/^Containers {2}orcaops_list_containers · running only · 2$/m);
    // The test screen is 100 columns wide: the ports are cut (the logs view shows them).
    expect(frame).toMatch(/^ {2}id +name +image +state +status +p/m);
    expect(frame).toMatch(new RegExp(`^› ${WEB} +web +nginx:1\\.27 +running +Up 2 hours \\(healthy\\) +1`, 'm'));
    // Containers OrcaOps created are marked.
    expect(frame).toMatch(/^ {2}c0ffee123456 +orcaops-job-e636e6 ◆ +orcaops-test\/busybox:latest +running +Up 3 seconds +—$/m);
    expect(frame).toContain('◆ created by OrcaOps');
    expect(frame).toContain('? help · ↑↓/j k select · enter logs · a all/running · i inspect · x stop · d remove · / filter');
    expect(frame).not.toContain('old-build');

    frame = await app.press('a', 'old-build');
    expect(frame).toMatch(/orcaops_list_containers · all · 3$/m);
    expect(frame).toMatch(new RegExp(`^ {2}${OLD} +old-build +alpine:3 +exited +Exited \\(1\\) 2 days ago +—$`, 'm'));
    await app.press('a', 'running only');
    // The list is also read again now and then, so compare the changes of `all`.
    const asked = () => app.invoker.callsOf('orcaops_list_containers').map((call) => call.args['all']);
    await app.waitFor(() => asked().at(-1) === false);
    expect(asked().filter((all, index, list) => index === 0 || all !== list[index - 1])).toEqual([false, true, false]);
  });

  it('opens the inspect form for the selected container with i, its id filled in; Enter runs it (read-only: no question)', async () => {
    const app = await openContainers({ ...ANSWERS, orcaops_inspect_container: ok({ container: { id: WEB, name: 'shop-web-1' } }) });
    const frame = await app.press('i', 'Inspect a container');
    expect(frame).toMatch(new RegExp(`^ {2}container_id\\* +${WEB}`, 'm'));
    expect(frame).toMatch(/^› raw +default false/m);
    await app.press(KEY.enter, '✓ ok in');
    expect(app.invoker.callsOf('orcaops_inspect_container').map((call) => call.args)).toEqual([{ container_id: WEB }]);
    await app.press(KEY.escape, 'container_id*');
    await app.press(KEY.escape, 'i inspect');
  });

  it('says when the tools answer what their schemas do not allow, instead of blanks', async () => {
    let app = await openContainers({ orcaops_list_containers: ok({ ...RUNNING_CONTAINERS, total: '2' }) }, 'unexpected output from orcaops_list_containers');
    expect(app.screen()).toContain('total');
    expect(app.screen()).not.toContain('No running containers');
    cleanup();

    app = await openContainers({ ...ANSWERS, orcaops_get_container_logs: ok(containerLogs(['a'], { lines: [{ stream: 'stdin', text: 'a' }] })) });
    app.stdin.write(KEY.enter);
    await app.waitForText('unexpected output from orcaops_get_container_logs');
    expect(app.screen()).toContain('lines.0.stream');
  });

  it('says when nothing runs, and shows a failing list with its suggestion', async () => {
    let app = await openContainers({ orcaops_list_containers: ok({ containers: [], total: 0, truncated: false }) }, 'No running containers. a lists stopped ones too.');
    cleanup();
    app = await openContainers(
      { orcaops_list_containers: { ok: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'connect ENOENT /var/run/docker.sock', suggestion: 'Start the Docker engine.' } } },
      'DOCKER_UNAVAILABLE',
    );
    expect(app.screen()).toContain('→ Start the Docker engine.');
  });

  it('opens the logs on Enter, stdout and stderr marked apart', async () => {
    const app = await openContainers();
    const frame = await app.press(KEY.enter, 'GET / 404');
    expect(frame).toMatch(/^Containers {2}orcaops_get_container_logs · web$/m);
    expect(frame).toMatch(new RegExp(`^web {2}${WEB} {2}running {2}healthy$`, 'm'));
    expect(frame).toContain('nginx:1.27 · Up 2 hours (healthy) · 127.0.0.1:8080->80/tcp');
    expect(frame).toMatch(/^logs · last 3 lines · 47 B · out │ stdout, err │ stderr$/m);
    const logs = frame.slice(frame.indexOf('out │ listening'));
    expect(logs.split('\n').slice(0, 3)).toEqual(['out │ listening on :80', 'err │ warn: no index.html', 'out │ GET / 404']);
    expect(frame).not.toContain('truncated');
    expect(frame).toContain('↑↓/j k pgup pgdn g G scroll logs · i inspect · x stop · d remove · esc back · q quit');
    expect(app.invoker.callsOf('orcaops_get_container_logs')[0]!.args).toEqual({ container_id: WEB, tail: 1000, max_bytes: 65_536 });

    await app.press(KEY.escape, 'enter logs');
    expect(app.screen()).toMatch(new RegExp(`^› ${WEB}`, 'm'));
  });

  it('notes when the log was truncated, and scrolls a long one from its end', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => `line ${String(index + 1).padStart(2, '0')}`);
    const app = await openContainers({ ...ANSWERS, orcaops_get_container_logs: ok(containerLogs([...lines, ['err', 'fatal: done']], { truncated: true, bytes: 65_500 })) }, `› ${WEB}`, { rows: 30 });
    let frame = await app.press(KEY.enter, 'err │ fatal: done');
    expect(frame).toContain('truncated: older lines were dropped to keep the newest 64.0 KiB');
    expect(frame).not.toContain('line 01');
    expect(frame).toMatch(/lines \d+–61 of 61 · ↑↓ j k pgup pgdn g G scroll/);
    expect(frame.split('\n').length).toBeLessThan(30);
    frame = await app.press('g', 'out │ line 01');
    expect(frame).not.toContain('fatal: done');
    await app.press('G', 'fatal: done');
  });

  it('reads the logs of a running container again, and of a stopped one once', async () => {
    const app = await openContainers({
      ...ANSWERS,
      orcaops_get_container_logs: (args, count) =>
        args['container_id'] === OLD
          ? ok(containerLogs(['build failed'], { id: OLD, name: 'old-build', state: 'exited' }))
          : ok(containerLogs(Array.from({ length: Math.min(count + 1, 3) }, (_, index) => `request ${index + 1}`))),
    });
    // Running: asked again, new lines show up.
    await app.press(KEY.enter, 'out │ request 3');
    await app.press(KEY.escape, 'enter logs');
    await app.press('a', 'old-build');
    await app.press('jj', `› ${OLD}`);
    await app.press(KEY.enter, 'out │ build failed');
    const reads = () => app.invoker.callsOf('orcaops_get_container_logs').filter((call) => call.args['container_id'] === OLD).length;
    expect(reads()).toBe(1);
    // Exited: nothing more to read.
    await pause(REFRESH_MS * 5);
    expect(reads()).toBe(1);
  });

  it('asks before stopping: n declines without a call, Enter stops the selected container', async () => {
    const app = await openContainers();
    let frame = await app.press('x', `Stop container web (${WEB})?`);
    expect(frame).toContain('SIGTERM, then SIGKILL after 10 s; the container, its files and its logs are kept.');
    expect(frame).toContain('y/enter stop · n/esc cancel');
    await app.waitForText('y/enter confirm · n/esc cancel · q quit');
    await app.press('n', 'Cancelled; nothing was changed.');
    expect(app.invoker.callsOf('orcaops_stop_container')).toHaveLength(0);

    await app.press('x', 'Stop container web');
    frame = await app.press(KEY.enter, `✓ Stopped web (${WEB}): now exited (exit 0)`);
    expect(app.invoker.callsOf('orcaops_stop_container').map((call) => call.args)).toEqual([{ container_id: WEB }]);
  });

  it('asks whether to force removing a running container; without force the refusal shows with its suggestion', async () => {
    const app = await openContainers();
    let frame = await app.press('d', `Remove container web (${WEB})?`);
    expect(frame).toContain('Deletes it with its files and logs; this cannot be undone.');
    expect(frame).toMatch(/\[ \] force: kill it first \(it is running; without force the removal is refused\) {2}\(f toggles\)/);
    expect(frame).toMatch(/\[ \] also delete its anonymous volumes {2}\(v toggles\)/);
    expect(frame).toContain('y/enter remove · n/esc cancel');
    await app.press(KEY.escape, 'Cancelled; nothing was changed.');
    expect(app.invoker.callsOf('orcaops_remove_container')).toHaveLength(0);

    await app.press('d', 'Remove container web');
    frame = await app.press('y', 'REMOVE_FAILED');
    expect(frame).toContain('✗ Removing container web failed');
    expect(frame).toContain('Container web is running; a running container is only removed with force=true.');
    expect(frame).toContain('→ Stop it first with orcaops_stop_container');

    await app.press('d', 'Remove container web');
    await app.press('f', '[x] force');
    // f again unticks, f ticks again; v ticks the volumes.
    await app.press('f', '[ ] force');
    await app.press('fv', '[x] also delete its anonymous volumes');
    frame = await app.press('y', `✓ Removed web (${WEB}): killed first (force), anonymous volumes deleted`);
    expect(app.invoker.callsOf('orcaops_remove_container').map((call) => call.args)).toEqual([
      { container_id: WEB, force: false, volumes: false },
      { container_id: WEB, force: true, volumes: true },
    ]);
  });

  it('removes a stopped container without the force question', async () => {
    const app = await openContainers({ ...ANSWERS, orcaops_remove_container: (args) => ok({ id: args['container_id'], name: 'old-build', removed: true, was_running: false, previous_state: 'exited', volumes_removed: false }) });
    await app.press('a', 'old-build');
    await app.press('jj', `› ${OLD}`);
    const frame = await app.press('d', `Remove container old-build (${OLD})?`);
    expect(frame).not.toContain('force');
    await app.press('y', `✓ Removed old-build (${OLD})`);
    expect(app.invoker.callsOf('orcaops_remove_container').map((call) => call.args)).toEqual([{ container_id: OLD, volumes: false }]);
  });

  it('stops and removes the open container from its logs, going back to the list once it is gone', async () => {
    const app = await openContainers();
    await app.press(KEY.enter, 'GET / 404');
    await app.press('x', 'Stop container web');
    await app.press('y', '✓ Stopped web');
    expect(app.screen()).toContain('orcaops_get_container_logs · web');
    await app.press('d', 'Remove container web');
    await app.press('f', '[x] force');
    await app.press('y', '✓ Removed web');
    await app.waitForText('enter logs');
    expect(app.screen()).toContain('orcaops_list_containers · running only');
    expect(app.invoker.callsOf('orcaops_stop_container').map((call) => call.args)).toEqual([{ container_id: WEB }]);
    expect(app.invoker.callsOf('orcaops_remove_container').map((call) => call.args)).toEqual([{ container_id: WEB, force: true, volumes: false }]);
  });

  it('shows a failing logs call with its suggestion', async () => {
    const app = await openContainers({
      ...ANSWERS,
      orcaops_get_container_logs: { ok: false, error: { code: 'CONTAINER_NOT_FOUND', message: `No container "${WEB}".`, suggestion: 'Use orcaops_list_containers (with all=true) to see existing containers and their ids.' } },
    });
    const frame = await app.press(KEY.enter, 'CONTAINER_NOT_FOUND');
    expect(frame).toContain('→ Use orcaops_list_containers (with all=true)');
  });
});
