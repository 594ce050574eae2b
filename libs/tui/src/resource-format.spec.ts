import { describe, expect, it } from '@jest/globals';
import {
  containerLogLines,
  containerTable,
  logHeading,
  readContainers as readContainersOutput,
  readLogInfo as readLogInfoOutput,
  removeContainerSummary,
  stopContainerSummary,
} from './container-format.js';
import { lineString } from './job-format.js';
import type { OutputRead } from './read-output.js';
import { readSandbox as readSandboxOutput, readSandboxList as readSandboxListOutput, sandboxLines, sandboxTable, startSummary, stopSummary } from './sandbox-format.js';
import { cut, styledTable } from './table-format.js';
import { EXITED_CONTAINER, RUNNING_CONTAINERS, SANDBOXES_DATA, containerLogs, sandboxStopped, sandboxView } from './test-fixtures/fake-kernel.js';

/** The value read, failing the test with the problem when the output did not parse. */
const valueOf = <T>(read: OutputRead<T>): T => {
  if (!read.ok) throw new Error(read.problem);
  return read.value;
};
const readSandboxList = (data: Record<string, unknown>) => valueOf(readSandboxListOutput(data));
const readSandbox = (data: Record<string, unknown>) => valueOf(readSandboxOutput(data));
const readContainers = (data: Record<string, unknown>) => valueOf(readContainersOutput(data));
const readLogInfo = (data: Record<string, unknown>) => valueOf(readLogInfoOutput(data));

describe('styledTable', () => {
  const columns = [
    { title: 'name', cell: (row: { name: string; state: string }) => row.name },
    { title: 'state', cell: (row: { name: string; state: string }) => row.state, color: (row: { state: string }) => (row.state === 'up' ? 'green' : undefined) },
  ];

  it('pads every column but the last, and marks the selected row', () => {
    const table = styledTable(columns, [{ name: 'a', state: 'up' }, { name: 'longer', state: 'down' }], 1);
    expect(lineString(table.header)).toBe('  name    state');
    expect(table.rows.map(lineString)).toEqual(['  a       up', '› longer  down']);
    expect(table.rows[0]![3]).toEqual({ text: 'up', color: 'green' });
    expect(table.rows[1]![1]).toMatchObject({ bold: true, inverse: true });
  });

  it('cuts long cells and flattens newlines', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('a\nb')).toBe('a ⏎ b');
  });
});

describe('sandbox-format', () => {
  it('reads the list and draws running/containers', () => {
    const { rows, engineError } = readSandboxList(SANDBOXES_DATA);
    expect(engineError).toBeNull();
    expect(sandboxTable(rows, 0).rows.map(lineString)).toEqual([
      '› demo       running  2/2      web-dev      /work/sandboxes/demo',
      '  api-tests  stopped  0/0      api-testing  /work/sandboxes/api-tests',
    ]);
  });

  it('reads only the fields it shows, so a tool may add others', () => {
    expect(readSandboxList({ sandboxes: [], engine_error: null }).rows).toEqual([]);
    expect(readSandbox({ ...sandboxView({ template: null }), containers_omitted: undefined, extra: 1 })).toMatchObject({ name: 'demo', template: null, serviceCount: 2 });
  });

  it('says which tool answered what it could not read, instead of showing blanks', () => {
    expect(readSandboxListOutput({})).toEqual({ ok: false, problem: expect.stringMatching(/^unexpected output from orcaops_list_sandboxes: sandboxes: /) });
    expect(readSandboxOutput(sandboxView({ endpoints: [{ service: 'web', container_port: '80', address: 'x' }] }))).toEqual({
      ok: false,
      problem: expect.stringMatching(/^unexpected output from orcaops_get_sandbox: endpoints\.0\.container_port: /),
    });
    expect(startSummary({ name: 'demo' })).toMatch(/^unexpected output from orcaops_start_sandbox: /);
    expect(stopSummary({ containers_removed: 2 })).toMatch(/^unexpected output from orcaops_stop_sandbox: /);
  });

  it('lists each service container, and services without one', () => {
    const detail = readSandbox(sandboxView({ services: [...(sandboxView()['services'] as unknown[]), { name: 'worker', containers: [] }] }));
    const lines = sandboxLines(detail).map(lineString);
    expect(lines).toContain('services (3)');
    expect(lines.some((line) => /^ {2}worker +— +not created/.test(line))).toBe(true);
    expect(lines).toContain('endpoints (1)');
  });

  it('sums up a start and a stop', () => {
    expect(startSummary(sandboxView())).toBe('Started demo: running · web 127.0.0.1:8080');
    expect(stopSummary(sandboxStopped('demo', false))).toBe('Stopped demo: 2 containers removed, volumes kept');
  });
});

describe('container-format', () => {
  it('reads the list and marks OrcaOps containers', () => {
    const { rows, total, truncated } = readContainers({ ...RUNNING_CONTAINERS, containers: [...RUNNING_CONTAINERS.containers, EXITED_CONTAINER] });
    expect([total, truncated]).toEqual([2, false]);
    const lines = containerTable(rows, 0).rows.map(lineString);
    expect(lines[1]).toContain('orcaops-job-e636e6 ◆');
    expect(lines[2]).toMatch(/^ {2}dead00beef01 +old-build +alpine:3 +exited +Exited \(1\) 2 days ago +—$/);
  });

  it('marks each log line with its stream and removes control sequences', () => {
    const data = containerLogs(['\u001B[32mready\u001B[0m', ['err', 'boom\tnow']]);
    expect(containerLogLines(data).map(lineString)).toEqual(['out │ ready', 'err │ boom    now']);
    expect(containerLogLines(data)[1]![1]).toMatchObject({ color: 'red' });
  });

  it('says when the log was truncated', () => {
    expect(logHeading(readLogInfo(containerLogs(['a']))).map(lineString)).toEqual(['logs · last 1 line · 2 B · out │ stdout, err │ stderr']);
    const truncated = logHeading(readLogInfo(containerLogs(['a'], { truncated: true }))).map(lineString);
    expect(truncated[1]).toMatch(/^truncated: older lines were dropped/);
  });

  it('says which tool answered what it could not read, instead of showing blanks', () => {
    expect(readContainersOutput({ containers: [{ id: 'abc' }], total: 1, truncated: false })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^unexpected output from orcaops_list_containers: containers\.0\.name: .*; \d+ more$/),
    });
    expect(readLogInfoOutput({ ...containerLogs(['a']), bytes: '2' })).toEqual({ ok: false, problem: expect.stringMatching(/^unexpected output from orcaops_get_container_logs: bytes: /) });
    expect(containerLogLines(containerLogs([['err', 'x']], { lines: [{ stream: 'stdin', text: 'x' }] })).map(lineString)).toEqual([
      expect.stringMatching(/^unexpected output from orcaops_get_container_logs: lines\.0\.stream: /),
    ]);
    expect(stopContainerSummary({ id: 'abc', name: 'web' })).toMatch(/^unexpected output from orcaops_stop_container: /);
    expect(removeContainerSummary({ id: 'abc' })).toMatch(/^unexpected output from orcaops_remove_container: /);
  });

  it('sums up a stop and a removal', () => {
    expect(stopContainerSummary({ id: 'abc', name: 'web', was_running: false, previous_state: 'exited', state: 'exited', exit_code: 0 })).toBe('Stopped web (abc): was not running (exited)');
    expect(removeContainerSummary({ id: 'abc', name: 'web', removed: true, was_running: false, previous_state: 'exited', volumes_removed: false })).toBe('Removed web (abc)');
  });
});
