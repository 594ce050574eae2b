import { readFileSync } from 'node:fs';

/** The OrcaOps version, from the kernel's own package. */
export const ORCAOPS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
