import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import type { PullProgress } from '@orcaops/plugin-api';
import { mapDockerError } from '../map-docker-error.js';
import { pullImage } from './images.js';

const endpoint = { address: 'unix:///nowhere.sock', source: 'config' as const };

/** A real dockerode client (its real `modem.followProgress`) whose `pull` answers with a stream the test writes. */
function clientWithPullStream(): { client: Dockerode; stream: PassThrough & { complete?: boolean } } {
  const client = new Dockerode({ socketPath: '/nonexistent/docker.sock' });
  const stream: PassThrough & { complete?: boolean } = new PassThrough();
  client.pull = (async () => stream) as unknown as Dockerode['pull'];
  return { client, stream };
}

const line = (event: object): string => `${JSON.stringify(event)}\r\n`;

describe('pullImage (stream handling)', () => {
  it('reports each progress event and resolves on a clean end', async () => {
    const { client, stream } = clientWithPullStream();
    const events: PullProgress[] = [];
    const done = pullImage(client, 'x:1', (event) => events.push(event), undefined);
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(line({ status: 'Pulling from x', id: '1' }));
    stream.write(line({ status: 'Downloading', id: 'abc', progressDetail: { current: 5, total: 10 } }).slice(0, 20));
    stream.write(line({ status: 'Downloading', id: 'abc', progressDetail: { current: 5, total: 10 } }).slice(20));
    stream.end(line({ status: 'Status: Downloaded newer image for x:1' }));
    await done;
    expect(events).toEqual([
      { status: 'Pulling from x', layer: '1' },
      { status: 'Downloading', layer: 'abc', current: 5, total: 10 },
      { status: 'Status: Downloaded newer image for x:1' },
    ]);
  });

  it('fails on an error event even though the stream then ends normally', async () => {
    const { client, stream } = clientWithPullStream();
    const done = pullImage(client, 'x:1', undefined, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(line({ status: 'Pulling fs layer', id: 'abc' }));
    stream.write(line({ errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' }));
    stream.end(line({ status: 'Status: Downloaded newer image for x:1' }));
    const error = await done.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PullEventError', message: 'unexpected EOF' });
    expect(stream.destroyed).toBe(true);
    expect(mapDockerError(error, { endpoint, action: 'pulling', pull: 'x:1' })).toMatchObject({ code: 'IMAGE_PULL_FAILED' });
  });

  it('classifies an error event about a missing manifest as IMAGE_NOT_FOUND', async () => {
    const { client, stream } = clientWithPullStream();
    const done = pullImage(client, 'reg.local/x:nope', undefined, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    stream.end(line({ error: 'manifest for reg.local/x:nope not found: manifest unknown' }));
    const error = await done.catch((e: unknown) => e);
    expect(mapDockerError(error, { endpoint, action: 'pulling', pull: 'reg.local/x:nope' })).toMatchObject({ code: 'IMAGE_NOT_FOUND', details: { registry: 'reg.local' } });
  });

  it('destroys the stream and rejects with an AbortError when the signal fires', async () => {
    const { client, stream } = clientWithPullStream();
    const controller = new AbortController();
    const done = pullImage(client, 'x:1', undefined, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(line({ status: 'Downloading' }));
    controller.abort();
    const error = await done.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(stream.destroyed).toBe(true);
    expect(mapDockerError(error, { endpoint, action: 'pulling', pull: 'x:1' }).code).toBe('CANCELLED');
  });

  it('fails when the engine closes the stream before the response is complete', async () => {
    const { client, stream } = clientWithPullStream();
    stream.complete = false;
    const done = pullImage(client, 'x:1', undefined, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    stream.end(line({ status: 'Downloading' }));
    await expect(done).rejects.toThrow('closed the pull of x:1 early');
  });

  it('fails with what the progress callback throws', async () => {
    const { client, stream } = clientWithPullStream();
    const done = pullImage(client, 'x:1', () => {
      throw new Error('callback failed');
    }, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(line({ status: 'Downloading' }));
    await expect(done).rejects.toThrow('callback failed');
  });
});
