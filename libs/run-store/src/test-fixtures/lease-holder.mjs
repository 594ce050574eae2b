// Child process for the lease spec: takes the lease of a run, prints its pid and whether it got the lease, and
// exits without releasing it (a supervisor that died).
import { FileRunStore } from '../../dist/index.js';

const [home, jobId] = process.argv.slice(2);
const lease = await new FileRunStore({ home }).acquireLease(jobId);
process.stdout.write(`${JSON.stringify({ pid: process.pid, acquired: lease !== null })}\n`);
