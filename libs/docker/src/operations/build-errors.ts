import { OrcaError } from '@orcaops/plugin-api';
import { engineMessageOf } from '../map-docker-error.js';
import { classifyPullError } from './pull-errors.js';
import { statusOf } from './status.js';

/** The step a build was at: `Step 2/5 : RUN make` gives `{ current: 2, total: 5, instruction: 'RUN make' }`. */
export interface BuildStep {
  readonly current: number;
  readonly total: number;
  readonly instruction: string;
}

const STEP_HEADER = /^Step (\d+)\/(\d+) : ([^\n]*)/;

/** The step an output chunk of the classic builder starts, or null. */
export function stepOf(output: string): BuildStep | null {
  const match = STEP_HEADER.exec(output);
  return match ? { current: Number(match[1]), total: Number(match[2]), instruction: match[3]!.trim() } : null;
}

/** The image a `FROM [--platform=…] image [AS name]` instruction names, or null for another instruction. */
export function baseImageOf(instruction: string): string | null {
  const words = instruction.split(/\s+/);
  if (words[0]?.toUpperCase() !== 'FROM') return null;
  return words.slice(1).find((word) => !word.startsWith('--')) ?? null;
}

/**
 * The error for an `error`/`errorDetail` event of a build: the engine answered 200 and reported the failure in
 * the stream. A step whose command exited non-zero carries the exit code; a failure in a `FROM` step is about the
 * base image, classified as a pull failure.
 */
export function buildEventError(message: string, exitCode: number | undefined, step: BuildStep | null): OrcaError {
  const where = step ? `step ${step.current}/${step.total} (${step.instruction})` : 'the start of the build';
  const details = { ...(step ? { step: `${step.current}/${step.total}`, instruction: step.instruction } : {}), ...(exitCode === undefined ? {} : { exitCode }) };
  const base = step && exitCode === undefined ? baseImageOf(step.instruction) : null;
  if (base !== null) {
    const pull = classifyPullError(base, message);
    return new OrcaError(pull.code, `The build's base image ${base} is not available: ${pull.message}`, { suggestion: pull.suggestion, details: { ...pull.details, ...details } });
  }
  return new OrcaError('DOCKER_ERROR', `The build failed at ${where}: ${message}`, {
    suggestion:
      exitCode === undefined
        ? 'Read the build log for the cause, fix the Dockerfile or the context, then build again.'
        : 'The command of that step failed: read its output at the end of the build log, fix the Dockerfile or the context, then build again.',
    details,
  });
}

/**
 * The error for a build the engine refused before it started: 400 is a Dockerfile it cannot parse or an invalid
 * option, "Cannot locate specified Dockerfile" a Dockerfile missing from the context, "invalid reference format"
 * a tag that is no image reference. Null for anything else, which the general mapping handles.
 */
export function buildRequestError(error: unknown, dockerfile: string): OrcaError | null {
  const status = statusOf(error);
  const message = engineMessageOf(error);
  if (status === 400) {
    return new OrcaError('VALIDATION_ERROR', `The engine refused the build: ${message}`, {
      suggestion: 'Fix the Dockerfile (the message names the line) or the option named, then build again.',
      cause: error,
    });
  }
  if (status === 500 && /cannot locate specified dockerfile/i.test(message)) {
    return new OrcaError('VALIDATION_ERROR', `There is no Dockerfile ${dockerfile} in the build context.`, {
      suggestion: 'Give the Dockerfile path relative to the context (default "Dockerfile").',
      cause: error,
    });
  }
  if (status === 500 && /invalid reference format/i.test(message)) {
    return new OrcaError('VALIDATION_ERROR', `A tag of the build is not a valid image reference: ${message}`, {
      suggestion: 'Give tags as name[:tag] with a lower-case name, e.g. "my-app:1.0".',
      cause: error,
    });
  }
  return null;
}
