import { describe, expect, it } from '@jest/globals';
import { toolSafety } from '@orcaops/plugin-api';
import { runBlocker } from './tool-policy.js';
import { FAKE_TOOLS } from './test-fixtures/fake-kernel.js';

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
    expect(runBlocker(cleanup!)).toMatch(/changes things.*orcaops call orcaops_cleanup_containers/);
  });
});
