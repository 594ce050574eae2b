import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from './temp-dir.js';

/**
 * A stand-in for a Docker engine that is there but frozen (a SIGSTOPped or wedged dockerd): a unix socket that
 * accepts connections and reads requests but never answers. Never stop the shared test engine to get one.
 * `respond` may send a response head for some requests (given the request line, e.g. `GET /v1.41/... HTTP/1.1`)
 * and then stay silent, like a log follow of a quiet container.
 */
export async function startHungEngine(options: { respond?: (requestLine: string) => string | undefined } = {}): Promise<{ address: string; requests: () => number; close: () => Promise<void> }> {
  const temp = await makeTempDir('orcaops-hung-engine-');
  const socketPath = join(temp.path, 'docker.sock');
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      requests++;
      const head = options.respond?.(chunk.toString('latin1').split('\r\n')[0] ?? '');
      if (head !== undefined) socket.write(head);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    address: `unix://${socketPath}`,
    requests: () => requests,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temp.remove();
    },
  };
}
