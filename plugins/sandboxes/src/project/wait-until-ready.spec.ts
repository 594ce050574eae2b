import { describe, expect, it } from '@jest/globals';
import type { ContainerSummary, DockerService } from '@orcaops/plugin-api';
import { waitUntilReady, type WaitRequest } from './wait-until-ready.js';

function container(service: string, state: string, status: string, health: ContainerSummary['health'] = null): ContainerSummary {
  return { id: service, name: `p_${service}_1`, image: 'i', state, status, createdAt: '', labels: { 'com.docker.compose.service': service }, managed: true, ports: [], health };
}

/** Serves one listing per poll, repeating the last; logs are a fixed text. */
function engine(polls: ContainerSummary[][]): DockerService {
  let index = 0;
  return {
    listContainers: async () => polls[Math.min(index++, polls.length - 1)]!,
    streamLogs: async (_id: string, handlers: { onStderr(chunk: Buffer): void }) => handlers.onStderr(Buffer.from('fatal: no config\n')),
  } as unknown as DockerService;
}

/** A clock that moves `stepMs` forward with every listing of the engine. */
function stepClock(docker: DockerService, stepMs: number): { now: () => number; polls: () => number } {
  const list = docker.listContainers.bind(docker);
  let polls = 0;
  docker.listContainers = (...args) => (polls++, list(...args));
  return { now: () => polls * stepMs, polls: () => polls };
}

const request = (docker: DockerService, extra: Partial<WaitRequest> = {}): WaitRequest => ({
  docker,
  scope: { project: 'p', directories: ['/p'] },
  sandbox: 'p',
  services: ['db', 'web'],
  until: 'healthy',
  timeoutMs: 60_000,
  signal: new AbortController().signal,
  onChange: () => undefined,
  pollMs: 1,
  settleMs: 0,
  ...extra,
});

describe('waitUntilReady', () => {
  it('waits for every declared service to run and pass its health check, reporting changes', async () => {
    const changes: string[] = [];
    const docker = engine([
      [container('db', 'running', 'Up', 'starting')],
      [container('db', 'running', 'Up', 'starting')],
      [container('db', 'running', 'Up', 'healthy'), container('web', 'running', 'Up')],
    ]);
    const status = await waitUntilReady(request(docker, { onChange: (summary) => changes.push(summary) }));
    expect(status.state).toBe('running');
    expect(changes).toEqual(['waiting for db (running, starting), web (no container yet)', 'all services ready']);
  });

  it('with until=running does not wait for health checks, and counts a task that exited 0 as done', async () => {
    const docker = engine([[container('db', 'running', 'Up', 'starting'), container('web', 'exited', 'Exited (0) 1 second ago')]]);
    await expect(waitUntilReady(request(docker, { until: 'running' }))).resolves.toBeDefined();
  });

  it('fails at once with the log of a service that exited non-zero', async () => {
    const docker = engine([[container('db', 'running', 'Up'), container('web', 'exited', 'Exited (2) 1 second ago')]]);
    await expect(waitUntilReady(request(docker))).rejects.toMatchObject({ code: 'START_FAILED', message: expect.stringContaining('fatal: no config') });
  });

  it('passes a container without a health check only after it stayed running for the settle time', async () => {
    const docker = engine([[container('db', 'running', 'Up', 'healthy'), container('web', 'running', 'Up')]]);
    const clock = stepClock(docker, 10);
    await waitUntilReady(request(docker, { settleMs: 30, now: clock.now }));
    expect(clock.polls()).toBe(4); // seen running at 10 ms, ready at 40 ms
  });

  it('fails a service that crashes within the settle time, which a single look would have passed', async () => {
    const docker = engine([[container('db', 'running', 'Up', 'healthy'), container('web', 'running', 'Up Less than a second')], [container('db', 'running', 'Up', 'healthy'), container('web', 'exited', 'Exited (4) Less than a second ago')]]);
    await expect(waitUntilReady(request(docker, { settleMs: 60_000 }))).rejects.toMatchObject({ code: 'START_FAILED', message: expect.stringContaining('Exited (4)') });
  });

  it('starts the settle time again after a container was seen restarting', async () => {
    const up = container('web', 'running', 'Up');
    const docker = engine([[up], [container('web', 'restarting', 'Restarting (1)')], [up]]);
    const clock = stepClock(docker, 10);
    await waitUntilReady(request(docker, { services: ['web'], settleMs: 30, now: clock.now }));
    expect(clock.polls()).toBe(6); // running again at 30 ms, ready at 60 ms; without the restart it would be 40 ms
  });

  it('gives up with TIMEOUT naming what is not ready, and with CANCELLED when the signal fires', async () => {
    const stuck = () => engine([[container('db', 'running', 'Up', 'unhealthy'), container('web', 'running', 'Up')]]);
    await expect(waitUntilReady(request(stuck(), { timeoutMs: 5 }))).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('db (running, unhealthy)') });
    const controller = new AbortController();
    const waiting = waitUntilReady(request(stuck(), { signal: controller.signal, pollMs: 50, onChange: () => controller.abort() }));
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
