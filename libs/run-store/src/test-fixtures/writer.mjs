// Child process for the multi-process spec: creates `count` runs named `<prefix>-<n>` in `home` with several
// in flight at once, moves each through running to a final status, and also races the other writer for the
// shared ids `shared-<n>`. Prints one JSON line: { created, shared, conflicts }.
// Imports the built package (the test target depends on build).
import { FileRunStore } from '../../dist/index.js';

const [home, prefix, countText, sharedText] = process.argv.slice(2);
const count = Number(countText);
const sharedCount = Number(sharedText);
const store = new FileRunStore({ home });
const base = Date.UTC(2026, 0, 1);

function record(jobId, n) {
  return {
    schema_version: 1, job_id: jobId, status: 'queued',
    image: { ref: n % 2 ? 'alpine:3.20' : 'busybox:1', id: null, digest: null },
    created_at: new Date(base + n * 1000).toISOString(),
    started_at: null, finished_at: null, duration_ms: null, container_id: null,
    spec: { image: 'alpine:3.20', commands: ['true'] }, steps: [], artifacts: [], artifacts_skipped: [],
    error: null, cleanup: { container_removed: null, error: null }, labels: { writer: prefix },
  };
}

async function lifecycle(jobId, n) {
  await store.create(record(jobId, n));
  await store.update(jobId, (current) => ({ ...current, status: 'running', started_at: new Date().toISOString() }));
  await store.update(jobId, (current) => ({ ...current, status: n % 10 === 0 ? 'failed' : 'success', finished_at: new Date().toISOString(), duration_ms: 1 }));
}

// Several lifecycles in flight at once, so creates and updates of different runs interleave.
async function pool(items, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

let shared = 0;
let conflicts = 0;
const own = Array.from({ length: count }, (_, n) => ({ jobId: `${prefix}-${n}`, n }));
const contested = Array.from({ length: sharedCount }, (_, n) => ({ jobId: `shared-${n}`, n: count + n, shared: true }));
const work = [...own];
contested.forEach((item, index) => work.splice(index * 10, 0, item));
await pool(work, 16, async ({ jobId, n, shared: isShared }) => {
  try {
    await lifecycle(jobId, n);
    if (isShared) shared++;
  } catch (error) {
    if (isShared && error.code === 'CONFLICT') conflicts++;
    else throw error;
  }
  // Listing while the other process writes must never fail.
  if (n % 50 === 0) await store.list({ limit: 50, statuses: ['failed'] });
});
process.stdout.write(`${JSON.stringify({ created: count, shared, conflicts })}\n`);
