import { describe, expect, it } from '@jest/globals';
import { OrcaError, type ContainerSummary, type DockerService } from '@orcaops/plugin-api';
import { execInService, type ExecRequest } from './exec-in-service.js';
import type { SandboxEntry } from '../registry/sandbox-registry.js';

const entry = { name: 'shop', project: 'shop' } as SandboxEntry;
const scope = { project: 'shop', directories: ['/sandboxes/shop'] };
const target = { id: 'c1', name: 'shop-web-1', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.container-number': '1' } } as unknown as ContainerSummary;
const request: ExecRequest = { service: 'web', index: 1, command: ['sleep', '100'], timeoutMs: 20, maxBytes: 1024 };

/** An engine whose command prints a line and then hangs until aborted, when it reports what became of it. */
function hangingEngine(stop: { process: string; detail: string }): DockerService {
  return {
    listContainers: async () => [target],
    exec: (_id: string, _spec: unknown, handlers: { onStdout(chunk: Buffer): void }, options: { signal: AbortSignal }) =>
      new Promise((_resolve, reject) => {
        handlers.onStdout(Buffer.from('begun\n'));
        const cancel = () => reject(new OrcaError('CANCELLED', `The command was cancelled; ${stop.detail}.`, { details: stop }));
        if (options.signal.aborted) cancel();
        options.signal.addEventListener('abort', cancel);
      }),
  } as unknown as DockerService;
}

describe('execInService at its timeout', () => {
  it('says the command was stopped, with the output so far', async () => {
    const running = execInService(hangingEngine({ process: 'stopped', detail: 'it was stopped (2 processes killed)' }), entry, scope, request, new AbortController().signal);
    await expect(running).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'The command did not finish within 0.02 s in shop-web-1; it was stopped (2 processes killed). Output so far:\nbegun\n',
      suggestion: 'Raise timeout, or run long work as a job with orcaops_run_job.',
      details: { process: 'stopped' },
    });
  });

  it('says when the command may live on, and how to end it', async () => {
    const running = execInService(hangingEngine({ process: 'running', detail: 'it may still be running: its process is not visible from here' }), entry, scope, request, new AbortController().signal);
    await expect(running).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('in shop-web-1; it may still be running: its process is not visible from here.'),
      suggestion: expect.stringContaining('restarting the service (orcaops_stop_sandbox, then orcaops_start_sandbox) ends it'),
      details: { process: 'running' },
    });
  });

  it('passes a cancellation by the caller through as CANCELLED', async () => {
    const controller = new AbortController();
    const running = execInService(hangingEngine({ process: 'stopped', detail: 'it was stopped (1 process killed)' }), entry, scope, { ...request, timeoutMs: 60_000 }, controller.signal);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED', details: { process: 'stopped' } });
  });
});
