import { describe, expect, it } from '@jest/globals';
import type Dockerode from 'dockerode';
import { healthFromStatus, toSummary } from './containers.js';

describe('healthFromStatus', () => {
  it.each([
    ['Up 5 minutes (healthy)', 'healthy'],
    ['Up 2 seconds (unhealthy)', 'unhealthy'],
    ['Up 1 second (health: starting)', 'starting'],
    ['Up 3 hours', null],
    ['Up 3 hours (Paused)', null],
    ['Exited (0) 2 minutes ago', null],
    ['', null],
  ])('reads %j as %j', (status, expected) => {
    expect(healthFromStatus(status)).toBe(expected);
  });
});

describe('toSummary', () => {
  it('maps a list row, with ports and health', () => {
    const row = {
      Id: 'abc',
      Names: ['/web'],
      Image: 'nginx:1',
      State: 'running',
      Status: 'Up 1 minute (healthy)',
      Created: 1_700_000_000,
      Labels: { 'org.orcaops.managed': 'true' },
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      ],
    } as unknown as Dockerode.ContainerInfo;
    expect(toSummary(row)).toEqual({
      id: 'abc',
      name: 'web',
      image: 'nginx:1',
      state: 'running',
      status: 'Up 1 minute (healthy)',
      createdAt: '2023-11-14T22:13:20.000Z',
      labels: { 'org.orcaops.managed': 'true' },
      managed: true,
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
      health: 'healthy',
    });
  });
});
