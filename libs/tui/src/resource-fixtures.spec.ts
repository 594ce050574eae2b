import { describe, expect, it } from '@jest/globals';
import { ContainerLogsOutput, ContainerRow, FittedSandboxView, ListContainersOutput, ListSandboxesOutput, SandboxRow, StopSandboxOutput } from '@orcaops/contracts';
import { EXITED_CONTAINER, RUNNING_CONTAINERS, SANDBOXES_DATA, containerLogs, containerRow, sandboxRow, sandboxStopped, sandboxView } from './test-fixtures/fake-kernel.js';

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };

/**
 * The Sandboxes and Containers views' tests answer with canned outputs; these hold them to the schemas the tools
 * publish, so that a tool's output changing fails here instead of leaving the TUI tested against a shape no tool
 * sends. Parsing must give the fixture back unchanged: zod drops unknown fields, so a field the schema no longer
 * has fails too.
 */
describe('the Sandboxes and Containers view fixtures match the published output schemas', () => {
  const cases: ReadonlyArray<[string, Schema, unknown]> = [
    ['orcaops_list_sandboxes (SANDBOXES_DATA)', ListSandboxesOutput, SANDBOXES_DATA],
    ['a sandbox row whose state is unknown', SandboxRow, sandboxRow('demo', { status: 'unknown', template: null })],
    ['orcaops_get_sandbox / orcaops_start_sandbox', FittedSandboxView, sandboxView()],
    ['orcaops_get_sandbox of a stopped sandbox', FittedSandboxView, sandboxView({ status: 'stopped', services: [{ name: 'api', containers: [] }], endpoints: [] })],
    ['orcaops_stop_sandbox', StopSandboxOutput, sandboxStopped('demo', true)],
    ['orcaops_list_containers (RUNNING_CONTAINERS)', ListContainersOutput, RUNNING_CONTAINERS],
    ['a container row', ContainerRow, containerRow()],
    ['an exited container row', ContainerRow, EXITED_CONTAINER],
    ['orcaops_get_container_logs', ContainerLogsOutput, containerLogs(['listening on :80', ['err', 'warn: no index.html']])],
    ['orcaops_get_container_logs, truncated', ContainerLogsOutput, containerLogs(['a'], { truncated: true, bytes: 65_500 })],
  ];

  it.each(cases)('%s', (_name, schema, fixture) => {
    const parsed = schema.safeParse(fixture);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(fixture);
  });

  it('fails for a fixture that drifted', () => {
    const renamed = { ...containerRow(), health: undefined, healthy: true };
    expect(ContainerRow.safeParse(renamed).success).toBe(false);
    const extra = { ...sandboxView(), project_dir: '/work' };
    expect(FittedSandboxView.safeParse(extra).data).not.toEqual(extra);
  });
});
