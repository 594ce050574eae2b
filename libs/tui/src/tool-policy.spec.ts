import { describe, expect, it } from '@jest/globals';
import { toolSafety } from '@orcaops/plugin-api';
import { needsConfirmation, runBlocker } from './tool-policy.js';
import { CONTAINER_TOOLS, FAKE_TOOLS, SANDBOX_TOOLS } from './test-fixtures/fake-kernel.js';

describe('toolSafety', () => {
  it('follows MCP defaults: not read-only means destructive unless stated otherwise', () => {
    expect(toolSafety({ readOnlyHint: true })).toBe('read-only');
    expect(toolSafety({ readOnlyHint: true, destructiveHint: true })).toBe('read-only');
    expect(toolSafety({ readOnlyHint: false })).toBe('destructive');
    expect(toolSafety({ readOnlyHint: false, destructiveHint: true })).toBe('destructive');
    expect(toolSafety({ readOnlyHint: false, destructiveHint: false })).toBe('writes');
  });
});

describe('runBlocker', () => {
  const [jobStatus, systemInfo, cleanup] = FAKE_TOOLS;

  it('lets read-only tools that accept {} run', () => {
    expect(runBlocker(systemInfo!)).toBeNull();
  });

  it('explains tools that need input', () => {
    expect(runBlocker(jobStatus!)).toMatch(/needs input.*orcaops call orcaops_get_job_status/);
  });

  it('explains tools that change things, even when they need no input', () => {
    expect(runBlocker(cleanup!)).toMatch(/changes things; the tool list runs only read-only tools.*orcaops call orcaops_cleanup_containers/);
  });

  it('points to the view that calls a tool, asking first when it changes things', () => {
    const byName = new Map([...SANDBOX_TOOLS, ...CONTAINER_TOOLS].map((tool) => [tool.name, tool]));
    expect(runBlocker(byName.get('orcaops_stop_sandbox')!)).toBe(
      "Stop a sandbox changes things: use it from the Sandboxes view (S), which asks first; or: orcaops call orcaops_stop_sandbox '<json>'",
    );
    expect(runBlocker(byName.get('orcaops_remove_container')!)).toMatch(/^Remove a container changes things: use it from the Containers view \(C\), which asks first/);
    expect(runBlocker(byName.get('orcaops_get_container_logs')!)).toMatch(/needs input; forms are not in the TUI yet\. It is in the Containers view \(C\); or use: orcaops call/);
    expect(runBlocker(jobStatus!)).toMatch(/It is in the Jobs view \(J\)/);
    expect(runBlocker(byName.get('orcaops_list_containers')!)).toBeNull();
  });
});

describe('needsConfirmation', () => {
  it('asks before every tool that is not read-only: destructive ones and ones that write', () => {
    const byName = new Map([...FAKE_TOOLS, ...SANDBOX_TOOLS, ...CONTAINER_TOOLS].map((tool) => [tool.name, tool]));
    const asking = [...byName.values()].filter(needsConfirmation).map((tool) => tool.name);
    expect(asking.sort()).toEqual(['orcaops_cleanup_containers', 'orcaops_remove_container', 'orcaops_start_sandbox', 'orcaops_stop_container', 'orcaops_stop_sandbox']);
    expect(needsConfirmation({ annotations: { readOnlyHint: false, destructiveHint: false } })).toBe(true);
    expect(needsConfirmation({ annotations: { readOnlyHint: true } })).toBe(false);
  });
});
