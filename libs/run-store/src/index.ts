export { FileRunStore, type FileRunStoreOptions } from './file-run-store.js';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './list-runs.js';
export { INDEX_DIR, LEASE_FILE, RECORD_FILE, ARTIFACTS_DIR, runIndexName, parseIndexName, type IndexEntry } from './layout.js';
export { readLogSlice } from './read-log.js';
export type { IndexRepair } from './rebuild-index.js';
