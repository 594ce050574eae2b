import { fitOutputBytes, replyWireBytes, type FittedOutput, type OutputEncoding } from '@orcaops/plugin-api';
import type { ExecOutput } from '../project/exec-in-service.js';

/** Below this, what one stream leaves unused is not worth fitting the other again. */
const MIN_SPARE_BYTES = 1024;

/** Both streams of a command, fitted: the newest output of each, and the bytes left out before it. */
export interface FittedExecOutput {
  readonly stdout: FittedOutput & { readonly dropped: number };
  readonly stderr: FittedOutput & { readonly dropped: number };
}

/**
 * Fits a command's stdout and stderr (the newest of each) to `maxBytes` each, as encoded in JSON, and together
 * to `roomBytes` of reply (both copies): each stream gets half, and what one leaves unused goes to the other.
 */
export function fitExecOutput(output: { stdout: ExecOutput; stderr: ExecOutput }, budget: { encoding: OutputEncoding; maxBytes: number; roomBytes: number }): FittedExecOutput {
  const fit = (stream: ExecOutput, maxReplyBytes: number) => {
    const fitted = fitOutputBytes(stream.bytes, { encoding: budget.encoding, maxBytes: budget.maxBytes, maxReplyBytes: Math.max(1, maxReplyBytes), keep: 'end', atStart: stream.dropped === 0, atEnd: true });
    return { ...fitted, dropped: stream.dropped + fitted.from };
  };
  const share = Math.floor(budget.roomBytes / 2);
  let stdout = fit(output.stdout, share);
  let stderr = fit(output.stderr, share);
  const spare = budget.roomBytes - replyWireBytes(stdout.text) - replyWireBytes(stderr.text);
  if (spare > MIN_SPARE_BYTES && stdout.cut !== stderr.cut) {
    if (stdout.cut) stdout = fit(output.stdout, share + spare);
    else stderr = fit(output.stderr, share + spare);
  }
  return { stdout, stderr };
}
