import { describe, expect, it } from '@jest/globals';
import type { ToolAnnotations } from '@orcaops/plugin-api';
import type { ToolSelection } from '../config/config-schema.js';
import { GPT_MAX_OPERATIONS, selectTools } from './tool-selection.js';

const READ: ToolAnnotations = { readOnlyHint: true };
const WRITE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false };
const DESTROY: ToolAnnotations = { readOnlyHint: false, destructiveHint: true };

const entry = (name: string, category: string, annotations: ToolAnnotations) => ({ tool: { name, category, annotations }, pluginId: 'test' });

/** Shaped like the built-in catalog: one of each kind of tool per category. */
const CATALOG = [
  entry('orcaops_system_info', 'system', READ),
  entry('orcaops_cleanup_containers', 'system', DESTROY),
  entry('orcaops_run_job', 'jobs', WRITE),
  entry('orcaops_get_job_status', 'jobs', READ),
  entry('orcaops_cancel_job', 'jobs', DESTROY),
  entry('orcaops_list_runs', 'runs', READ),
  entry('orcaops_delete_run', 'runs', DESTROY),
  entry('orcaops_list_containers', 'containers', READ),
  entry('orcaops_stop_container', 'containers', DESTROY),
  entry('orcaops_list_sandboxes', 'sandboxes', READ),
  entry('orcaops_start_sandbox', 'sandboxes', WRITE),
  entry('orcaops_exec_in_sandbox', 'sandboxes', DESTROY),
  entry('orcaops_remove_sandbox', 'sandboxes', DESTROY),
];

const select = (selection: Partial<ToolSelection>) => {
  const result = selectTools(CATALOG, { preset: 'all', allow: [], deny: [], ...selection });
  return { ...result, names: result.selected.map((selected) => selected.tool.name) };
};

describe('selectTools', () => {
  it('all: every tool, in catalog order, the entries themselves', () => {
    const result = select({});
    expect(result.selected).toEqual(CATALOG);
    expect(result.selected[0]).toBe(CATALOG[0]);
    expect(result.unknown).toEqual([]);
  });

  it('read-only: only tools that change nothing', () => {
    expect(select({ preset: 'read-only' }).names).toEqual([
      'orcaops_system_info',
      'orcaops_get_job_status',
      'orcaops_list_runs',
      'orcaops_list_containers',
      'orcaops_list_sandboxes',
    ]);
  });

  it('jobs: jobs and runs whatever they do, and the read-only system tools', () => {
    expect(select({ preset: 'jobs' }).names).toEqual([
      'orcaops_system_info',
      'orcaops_run_job',
      'orcaops_get_job_status',
      'orcaops_cancel_job',
      'orcaops_list_runs',
      'orcaops_delete_run',
    ]);
  });

  it('gpt: everything read-only, plus the jobs and sandboxes tools that do work, but nothing that removes', () => {
    expect(select({ preset: 'gpt' }).names).toEqual([
      'orcaops_system_info',
      'orcaops_run_job',
      'orcaops_get_job_status',
      'orcaops_cancel_job',
      'orcaops_list_runs',
      'orcaops_list_containers',
      'orcaops_list_sandboxes',
      'orcaops_start_sandbox',
      'orcaops_exec_in_sandbox',
    ]);
  });

  it('allow adds by name, deny removes by name, and deny wins; order stays the catalog order', () => {
    const result = select({ preset: 'read-only', allow: ['orcaops_remove_sandbox', 'orcaops_run_job'], deny: ['orcaops_list_runs', 'orcaops_run_job'] });
    expect(result.names).toEqual(['orcaops_system_info', 'orcaops_get_job_status', 'orcaops_list_containers', 'orcaops_list_sandboxes', 'orcaops_remove_sandbox']);
  });

  it('allow and deny also take a category, and deny wins over allow whichever way each names a tool', () => {
    expect(select({ deny: ['containers', 'sandboxes'] }).names).toEqual([
      'orcaops_system_info',
      'orcaops_cleanup_containers',
      'orcaops_run_job',
      'orcaops_get_job_status',
      'orcaops_cancel_job',
      'orcaops_list_runs',
      'orcaops_delete_run',
    ]);
    const result = select({ preset: 'read-only', allow: ['sandboxes'], deny: ['orcaops_remove_sandbox', 'runs'] });
    expect(result.names).toEqual(['orcaops_system_info', 'orcaops_get_job_status', 'orcaops_list_containers', 'orcaops_list_sandboxes', 'orcaops_start_sandbox', 'orcaops_exec_in_sandbox']);
    expect(result.unknown).toEqual([]);
  });

  it('names that match no tool come back in unknown, once each', () => {
    const result = select({ allow: ['orcaops_list_runs', 'orcaops_nope_thing'], deny: ['acme_get_thing', 'orcaops_nope_thing'] });
    expect(result.unknown).toEqual(['orcaops_nope_thing', 'acme_get_thing']);
    expect(result.names).toHaveLength(CATALOG.length);
  });

  it('gpt keeps within the GPT Actions limit, dropping the last tools, but keeps what allow names', () => {
    const plugin = Array.from({ length: 40 }, (_, index) => entry(`acme_get_thing${index}`, 'things', READ));
    const catalog = [...CATALOG, ...plugin];
    const plain = selectTools(catalog, { preset: 'gpt', allow: [], deny: [] });
    expect(plain.selected).toHaveLength(GPT_MAX_OPERATIONS);
    expect(plain.selected.slice(0, 9).map((selected) => selected.tool.name)).toContain('orcaops_run_job');
    expect(plain.dropped).toEqual(plugin.slice(GPT_MAX_OPERATIONS - 9).map((dropped) => dropped.tool.name));

    const asked = selectTools(catalog, { preset: 'gpt', allow: ['acme_get_thing39', 'orcaops_remove_sandbox'], deny: ['orcaops_system_info'] });
    const names = asked.selected.map((selected) => selected.tool.name);
    expect(names).toHaveLength(GPT_MAX_OPERATIONS);
    expect(names).toEqual(expect.arrayContaining(['acme_get_thing39', 'orcaops_remove_sandbox']));
    expect(names).not.toContain('orcaops_system_info');
    expect(names.at(-1)).toBe('acme_get_thing39');
  });

  it('other presets do not cap: the limit is a GPT one', () => {
    const catalog = Array.from({ length: 40 }, (_, index) => entry(`acme_get_thing${index}`, 'things', READ));
    expect(selectTools(catalog, { preset: 'read-only', allow: [], deny: [] }).selected).toHaveLength(40);
  });
});
