// temporary analysis probe (deleted afterwards)
import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
const d = new Docker();
const tar = readFileSync('/tmp/phprobe/small.tar');
const IMAGE = 'orcaops-test/busybox:latest';
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
async function once(variant) {
  const t = {}; let last = performance.now();
  const lap = (k) => { const n = performance.now(); t[k] = n - last; last = n; };
  await d.getImage(IMAGE).inspect(); lap('inspectImage');
  const c = await d.createContainer({ Image: IMAGE, Entrypoint: ['/bin/sh'], Cmd: variant.put ? ['/.orcaops/run.sh'] : ['-c', 'echo hi'], Labels: { 'org.orcaops.bench': 'probe' }, HostConfig: { Init: variant.init } }); lap('create');
  if (variant.put) { await c.putArchive(tar, { path: '/' }); lap('putArchive'); }
  await c.start(); lap('start');
  const logs = await c.logs({ follow: true, stdout: true, stderr: true }); 
  await new Promise((r) => { logs.on('data', () => {}); logs.on('end', r); }); lap('logs follow');
  await c.wait(); lap('wait');
  await c.remove({ force: true, v: true }); lap('remove');
  return t;
}
const variants = { 'init+put': { init: true, put: true }, 'init only': { init: true, put: false }, 'plain': { init: false, put: false }, 'put only': { init: false, put: true } };
const res = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const v of Object.values(variants)) await once(v);
for (let i = 0; i < 9; i++) for (const [k, v] of Object.entries(variants)) res[k].push(await once(v));
for (const [k, arr] of Object.entries(res)) {
  const keys = Object.keys(arr[0]);
  console.log(k.padEnd(10), keys.map((x) => `${x}=${med(arr.map((a) => a[x])).toFixed(1)}`).join(' '), 'total=' + med(arr.map((a) => Object.values(a).reduce((p, q) => p + q, 0))).toFixed(1));
}
