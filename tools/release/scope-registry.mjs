// A registry for the @orcaops scope on loopback, serving packed tarballs the way the npm registry serves published
// ones: installing `orcaops` from its tarball with `--@orcaops:registry=<url>` then fetches @orcaops/plugin-api
// exactly as a user's install fetches it from npm, while every other package still comes from the npm registry.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename } from 'node:path';
import { execFileSync } from 'node:child_process';

function manifestOf(tarball) {
  return JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** Serves `tarballs` (paths of `npm pack` output); resolves to `{ url, close }`. */
export async function startScopeRegistry(tarballs) {
  const packages = new Map();
  const files = new Map();
  for (const tarball of tarballs) {
    const manifest = manifestOf(tarball);
    const data = await readFile(tarball);
    files.set(`/-/${basename(tarball)}`, data);
    const versions = packages.get(manifest.name)?.versions ?? {};
    versions[manifest.version] = {
      ...manifest,
      dist: {
        tarball: `/-/${basename(tarball)}`,
        shasum: createHash('sha1').update(data).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
      },
    };
    packages.set(manifest.name, { name: manifest.name, versions, 'dist-tags': { latest: manifest.version } });
  }
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = files.get(path);
    if (file) return response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    const packument = packages.get(path.slice(1));
    if (!packument) return response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    const origin = `http://${request.headers.host}`;
    const versions = Object.fromEntries(Object.entries(packument.versions).map(([version, entry]) => [version, { ...entry, dist: { ...entry.dist, tarball: origin + entry.dist.tarball } }]));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...packument, versions }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}
