import { describe, expect, it } from '@jest/globals';
import type { ContainerSummary } from '@orcaops/plugin-api';
import { sandboxStatus } from './sandbox-status.js';

function container(service: string, state: string, health: ContainerSummary['health'] = null): ContainerSummary {
  return {
    id: `${service}-id`,
    name: `p_${service}_1`,
    image: 'img',
    state,
    status: state,
    createdAt: '',
    labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': service },
    managed: true,
    ports: [],
    health,
  };
}

describe('sandboxStatus', () => {
  it.each([
    [[], ['web'], 'stopped'],
    [[container('web', 'running', 'healthy'), container('db', 'running')], ['db', 'web'], 'running'],
    [[container('web', 'running', 'starting'), container('db', 'running')], [], 'starting'],
    [[container('web', 'running', 'unhealthy')], [], 'unhealthy'],
    [[container('web', 'running')], ['web', 'db'], 'partial'],
    [[container('web', 'running'), container('db', 'exited')], [], 'partial'],
    [[container('web', 'exited')], [], 'exited'],
  ] as const)('%#: derives %s', (containers, declared, state) => {
    expect(sandboxStatus(containers, declared).state).toBe(state);
  });

  it('lists declared services without containers, sorted', () => {
    expect(sandboxStatus([container('web', 'running')], ['web', 'db']).services).toEqual([
      { name: 'db', containers: [] },
      { name: 'web', containers: [{ id: 'web-id', name: 'p_web_1', state: 'running', status: 'running', health: null, ports: [] }] },
    ]);
  });
});
