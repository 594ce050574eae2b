import { describe, expect, it } from '@jest/globals';
import { toolSafety } from '@orcaops/plugin-api';
import { needsConfirmation, runsWithoutForm } from './tool-policy.js';
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

describe('runsWithoutForm', () => {
  const byName = new Map([...FAKE_TOOLS, ...SANDBOX_TOOLS, ...CONTAINER_TOOLS].map((tool) => [tool.name, tool]));

  it('runs at once only read-only tools that accept no input; the rest open a form', () => {
    expect(runsWithoutForm(byName.get('orcaops_system_info')!)).toBe(true);
    expect(runsWithoutForm(byName.get('orcaops_list_containers')!)).toBe(true);
    expect(runsWithoutForm(byName.get('orcaops_get_job_status')!)).toBe(false);
    expect(runsWithoutForm(byName.get('orcaops_cleanup_containers')!)).toBe(false);
    expect(runsWithoutForm(byName.get('orcaops_stop_sandbox')!)).toBe(false);
    expect(needsConfirmation(byName.get('orcaops_stop_sandbox')!)).toBe(true);
  });
});
