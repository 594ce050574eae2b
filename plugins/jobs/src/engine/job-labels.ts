import { LABELS } from '@orcaops/plugin-api';

/** Label holding the runner's marker nonce, so that a restarted OrcaOps can parse a container it did not start. */
export const NONCE_LABEL = 'org.orcaops.job-nonce';

/** Labels on every job container. */
export function jobLabels(jobId: string, nonce: string, userLabels: Readonly<Record<string, string>>): Record<string, string> {
  return { ...userLabels, [LABELS.managed]: 'true', [LABELS.plugin]: 'jobs', [LABELS.job]: jobId, [NONCE_LABEL]: nonce };
}

/** Converts `512m`, `2g`, `1024` (bytes) to bytes. */
export function parseMemory(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(value.trim());
  if (!match) throw new Error(`invalid memory size ${value}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * unit);
}
