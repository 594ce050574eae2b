import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BIN, cliEnv, tempHome } from './test-fixtures/spawn-cli.js';
import { hasTmux, quote, tmuxServer } from './test-fixtures/tmux-server.js';

/**
 * One end-to-end path through a real terminal: `orcaops tui` inside a detached tmux session on a private server,
 * driven with send-keys and read with capture-pane. tools/test-engine/up.sh installs tmux where it can; a developer
 * machine without it skips this file, CI (CI=true) never does.
 */
const { tmux, waitForScreen, killServer } = tmuxServer('orcaops-tui-test', 'tui', 20_000);

(hasTmux ? describe : describe.skip)('orcaops tui in a real terminal (tmux)', () => {
  let home: ReturnType<typeof tempHome>;

  beforeAll(() => {
    home = tempHome();
    const env = cliEnv(home.dir);
    const command = [
      // Ink draws only the final frame when it believes it runs in CI, and the tmux server inherits our CI=true.
      `env -u CI -u CONTINUOUS_INTEGRATION ORCAOPS_HOME=${quote(home.dir)} DOCKER_HOST=${quote(env['DOCKER_HOST']!)}`,
      `${quote(process.execPath)} ${quote(BIN)} tui;`,
      // Keeps the pane open after the TUI exits, so the test can read the exit code and the restored screen.
      'echo "EXIT_CODE=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'tui', '-x', '100', '-y', '30', '-c', home.dir, command);
  });

  afterAll(() => {
    killServer();
    home.remove();
  });

  it('opens on the dashboard, lists the tools, runs system info, asks before the destructive tool, shows the Jobs, Sandboxes and Containers views, creates a sandbox through its form, and quits cleanly with q', async () => {
    // The dashboard comes first; without an engine it says so. t opens the tool list.
    await waitForScreen((text) => text.includes('✗ engine unreachable') && text.includes('Running jobs'), 'the dashboard');
    tmux('send-keys', '-t', 'tui', 't');
    let screen = await waitForScreen((text) => text.includes('› System information'), 'the tool list');
    // The built-in plugins (system, jobs, runs) load without a configuration file.
    expect(screen).toMatch(/^OrcaOps \d+\.\d+\.\d+ · \d+ tools in \d+ categories/m);
    expect(screen).toMatch(/^system$/m);
    expect(screen).toMatch(/^runs$/m);
    expect(screen).toContain('J jobs');
    expect(screen).toMatch(/Clean up stopped containers +orcaops_cleanup_containers +destructive/);

    tmux('send-keys', '-t', 'tui', 'Enter');
    screen = await waitForScreen((text) => text.includes('✓ ok in'), 'the system info result');
    expect(screen).toMatch(/^orcaops$/m);
    expect(screen).toMatch(/^ {2}memory_bytes +\d+\.\d (KiB|MiB|GiB|TiB)$/m);
    expect(screen).toContain('esc back');

    tmux('send-keys', '-t', 'tui', 'Escape');
    await waitForScreen((text) => text.includes('enter run'), 'the list again');
    // The destructive tool opens its form and asks before it runs; declining runs nothing.
    tmux('send-keys', '-t', 'tui', 'Down', 'Enter');
    await waitForScreen((text) => /› dry_run +default false/.test(text), 'the form of the destructive tool');
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitForScreen((text) => text.includes('Run Clean up stopped containers?'), 'the confirmation');
    tmux('send-keys', '-t', 'tui', 'n');
    await waitForScreen((text) => text.includes('› dry_run') && !text.includes('Run Clean up'), 'the form again');
    tmux('send-keys', '-t', 'tui', 'Escape');
    screen = await waitForScreen((text) => text.includes('e form'), 'the list after the form');
    expect(screen).toMatch(/› Clean up stopped containers/);

    // A fresh ORCAOPS_HOME has no runs; the Jobs view says so (orcaops_list_runs needs no Docker engine).
    tmux('send-keys', '-t', 'tui', 'J');
    screen = await waitForScreen((text) => text.includes('No runs yet'), 'the empty Jobs view');
    expect(screen).toMatch(/^Jobs {2}orcaops_list_runs/m);
    expect(screen).toContain('enter open · d delete · / filter · esc back');
    tmux('send-keys', '-t', 'tui', 'Escape');
    screen = await waitForScreen((text) => text.includes('enter run'), 'the tool list after the Jobs view');
    expect(screen).toMatch(/› Clean up stopped containers/);

    // No sandbox is registered; without an engine (the tests point DOCKER_HOST nowhere) the list still answers, with a warning.
    tmux('send-keys', '-t', 'tui', 'S');
    screen = await waitForScreen((text) => text.includes('No sandboxes yet'), 'the empty Sandboxes view');
    expect(screen).toMatch(/^Sandboxes {2}orcaops_list_sandboxes/m);
    expect(screen).toContain('! states unknown: The Docker engine at');
    // The Containers view needs the engine: its error shows with the suggestion.
    tmux('send-keys', '-t', 'tui', 'C');
    screen = await waitForScreen((text) => text.includes('DOCKER_UNAVAILABLE'), 'the Containers view without an engine');
    expect(screen).toMatch(/^Containers {2}orcaops_list_containers · running only/m);
    expect(screen).toContain('→ Start the Docker engine');
    tmux('send-keys', '-t', 'tui', 'Escape');
    screen = await waitForScreen((text) => text.includes('enter run'), 'the tool list after the Containers view');

    // A sandbox created through its form: typed text (q and J are letters here), a confirmation, the files written.
    for (let i = 0; i < 40 && !screen.includes('› Create a sandbox'); i++) {
      tmux('send-keys', '-t', 'tui', 'Down');
      screen = await waitForScreen((text) => text !== screen, 'the selection to move');
    }
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitForScreen((text) => /› template\* +\(required\)/.test(text), 'the create form');
    tmux('send-keys', '-t', 'tui', '-l', 'web-dev');
    tmux('send-keys', '-t', 'tui', 'Tab');
    tmux('send-keys', '-t', 'tui', '-l', 'qJ-made');
    await waitForScreen((text) => /› name\* +qJ-made/.test(text), 'the typed name');
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitForScreen((text) => text.includes('{"template":"web-dev","name":"qJ-made"}'), 'the confirmation with the arguments');
    tmux('send-keys', '-t', 'tui', 'y');
    screen = await waitForScreen((text) => text.includes('✓ ok in'), 'the created sandbox');
    expect(screen).toMatch(/^ {2}directory +.*qJ-made$/m);
    expect(existsSync(join(home.dir, 'qJ-made', 'docker-compose.yml'))).toBe(true);
    tmux('send-keys', '-t', 'tui', 'Escape');
    await waitForScreen((text) => /name\* +qJ-made/.test(text), 'the form again, as filled');
    tmux('send-keys', '-t', 'tui', 'Escape');
    await waitForScreen((text) => text.includes('e form'), 'the tool list after the form');

    tmux('send-keys', '-t', 'tui', 'q');
    screen = await waitForScreen((text) => text.includes('EXIT_CODE='), 'the TUI to exit');
    expect(screen).toContain('EXIT_CODE=0');
    // The alternate screen was left: nothing of the TUI remains on the shell's screen.
    expect(screen).not.toContain('OrcaOps');
  });
});
