import { describe, expect, it } from '@jest/globals';
import { KEY_SCOPES, type KeyScope } from './api-key-store.js';
import { requiredScope, scopeAllows } from './scopes.js';

const tool = (category: string, readOnlyHint: boolean, name = 'acme_do_thing') => ({ name, category, annotations: { readOnlyHint } });

/** The built-in tools as their plugins declare them (category, read-only), with the scope each should need. */
const BUILTINS: ReadonlyArray<readonly [string, string, boolean, KeyScope]> = [
  ['orcaops_system_info', 'system', true, 'read'],
  ['orcaops_cleanup_containers', 'system', false, 'admin'],
  ['orcaops_run_job', 'jobs', false, 'run'],
  ['orcaops_submit_job', 'jobs', false, 'run'],
  ['orcaops_get_job_status', 'jobs', true, 'read'],
  ['orcaops_get_job_logs', 'jobs', true, 'read'],
  ['orcaops_list_jobs', 'jobs', true, 'read'],
  ['orcaops_cancel_job', 'jobs', false, 'run'],
  ['orcaops_list_artifacts', 'jobs', true, 'read'],
  ['orcaops_get_artifact', 'jobs', true, 'read'],
  ['orcaops_list_runs', 'runs', true, 'read'],
  ['orcaops_get_run', 'runs', true, 'read'],
  ['orcaops_delete_run', 'runs', false, 'admin'],
  ['orcaops_cleanup_runs', 'runs', false, 'admin'],
  ['orcaops_list_sandboxes', 'sandboxes', true, 'read'],
  ['orcaops_get_sandbox', 'sandboxes', true, 'read'],
  ['orcaops_list_templates', 'sandboxes', true, 'read'],
  ['orcaops_get_template', 'sandboxes', true, 'read'],
  ['orcaops_create_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_register_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_start_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_stop_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_exec_in_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_remove_sandbox', 'sandboxes', false, 'run'],
  ['orcaops_list_containers', 'containers', true, 'read'],
  ['orcaops_get_container_logs', 'containers', true, 'read'],
  ['orcaops_inspect_container', 'containers', true, 'read'],
  ['orcaops_stop_container', 'containers', false, 'admin'],
  ['orcaops_remove_container', 'containers', false, 'admin'],
];

describe('requiredScope', () => {
  it('gives each built-in tool the scope its kind needs', () => {
    const got = BUILTINS.map(([name, category, readOnly]) => [name, requiredScope(tool(category, readOnly, name))]);
    expect(got).toEqual(BUILTINS.map(([name, , , scope]) => [name, scope]));
  });

  it('lets read keys read any plugin, and keeps changes by plugin tools to admin keys', () => {
    expect(requiredScope(tool('images', true))).toBe('read');
    expect(requiredScope(tool('images', false))).toBe('admin');
    expect(requiredScope(tool('', false))).toBe('admin');
    // Categories match exactly: a look-alike is not one of the run categories.
    expect(requiredScope(tool('Jobs', false))).toBe('admin');
    expect(requiredScope(tool('jobs-extra', false))).toBe('admin');
    // A plugin claiming a run category still needs admin for what changes things: run is for OrcaOps's own jobs.
    expect(requiredScope(tool('jobs', false, 'acme_run_anything'))).toBe('admin');
    expect(requiredScope(tool('sandboxes', false, 'acme_start_box'))).toBe('admin');
  });
});

describe('scopeAllows', () => {
  it('orders the scopes admin ⊇ run ⊇ read', () => {
    const allowed = KEY_SCOPES.flatMap((have) => KEY_SCOPES.filter((need) => scopeAllows(have, need)).map((need) => `${have}>=${need}`));
    expect(allowed).toEqual(['read>=read', 'run>=read', 'run>=run', 'admin>=read', 'admin>=run', 'admin>=admin']);
  });
});
