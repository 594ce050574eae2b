import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, requireDocker } from '@orcaops/testing';
import { BIN, cliEnv, tempHome } from './test-fixtures/spawn-cli.js';
import { hasTmux, quote, tmuxServer } from './test-fixtures/tmux-server.js';

/**
 * The dashboard in a real 80×24 terminal (tmux) against the real engine: a job started by `orcaops run` in another
 * process (same ORCAOPS_HOME) shows up running with its step, the engine is up, and ? and / work. tmux is
 * required where CI=true; elsewhere a machine without it skips this file.
 */
const { tmux, waitForScreen, killServer } = tmuxServer('orcaops-dash-test', 'dash', 30_000);

(hasTmux ? describe : describe.skip)('the TUI dashboard at 80×24 against the real engine (tmux)', () => {
  const scope = new DockerTestScope();
  const dockerHost = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  let home: ReturnType<typeof tempHome>;
  let job: ChildProcess | null = null;

  beforeAll(async () => {
    await requireDocker();
    home = tempHome();
    // A job that keeps one CPU busy until it is cancelled (or its timeout ends it), labelled for cleanup.
    job = spawn(process.execPath, [BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--timeout', '120', '--', 'sh', '-c', 'while :; do :; done'], {
      cwd: home.dir,
      env: cliEnv(home.dir, { DOCKER_HOST: dockerHost }),
      stdio: 'ignore',
    });
    const command = [
      `env -u CI -u CONTINUOUS_INTEGRATION ORCAOPS_HOME=${quote(home.dir)} DOCKER_HOST=${quote(dockerHost)}`,
      `${quote(process.execPath)} ${quote(BIN)} tui;`,
      'echo "EXIT_CODE=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'dash', '-x', '80', '-y', '24', '-c', home.dir, command);
  });

  afterAll(async () => {
    killServer();
    // Ctrl-C cancels the job (its container stops); the scope then removes whatever carries its label.
    if (job && job.exitCode === null) {
      const closed = new Promise((resolve) => job!.once('close', resolve));
      job.kill('SIGINT');
      await closed;
    }
    await scope.cleanup();
    home?.remove();
  }, 60_000);

  it('shows the engine up and the running job with its step, then the keys with ?, then / filtering the runs', async () => {
    let screen = await waitForScreen((text) => text.includes('● engine up') && /job-\S+ +running +step 1\/1/.test(text), 'the engine and the running job');
    expect(screen).toMatch(/^Running jobs {2}1 · J for all runs/m);
    expect(screen).toMatch(/^Containers/m);
    // Nothing drawn reaches the terminal's last row, so Ink never clears and repaints the whole screen.
    expect(screen.trimEnd().split('\n').length).toBeLessThan(24);

    tmux('send-keys', '-t', 'dash', '?');
    screen = await waitForScreen((text) => text.includes('Keys · home'), 'the help');
    expect(screen).toMatch(/^ {2}t +the tool list$/m);
    tmux('send-keys', '-t', 'dash', 'x');
    await waitForScreen((text) => text.includes('Running jobs') && !text.includes('Keys · home'), 'the dashboard again');

    tmux('send-keys', '-t', 'dash', 'J');
    await waitForScreen((text) => /^Jobs {2}orcaops_list_runs/m.test(text) && text.includes('running'), 'the Jobs view');
    tmux('send-keys', '-t', 'dash', '/');
    await waitForScreen((text) => text.includes('enter keep · esc clear'), 'the filter prompt');
    tmux('send-keys', '-t', 'dash', '-l', 'zzz-no-such');
    screen = await waitForScreen((text) => text.includes('No run matches the filter.'), 'the filtered list');
    expect(screen).toMatch(/^\/zzz-no-such/m);
    tmux('send-keys', '-t', 'dash', 'Escape');
    await waitForScreen((text) => !text.includes('No run matches') && text.includes('running'), 'the list unfiltered');

    tmux('send-keys', '-t', 'dash', 'q');
    screen = await waitForScreen((text) => text.includes('EXIT_CODE='), 'the TUI to exit');
    expect(screen).toContain('EXIT_CODE=0');
  }, 90_000);
});
