import { OrcaError, isOrcaError } from '../errors/orca-error.js';

/**
 * Node's own refusals of a path or name that came from the caller: a NUL byte, or a name or path the file system
 * cannot hold. Tools validate what they can in their schemas; this catches the rest of the class in one place, so
 * such input is a `VALIDATION_ERROR` and never `INTERNAL`. The original message is not passed on: it quotes the
 * whole input.
 */
export function asInputError(error: unknown): OrcaError | null {
  // Duck-typed: errors from Node's own modules may come from another realm (e.g. a test sandbox).
  for (let current = error as NodeJS.ErrnoException | undefined, depth = 0; isErrorLike(current) && depth < 5; current = current.cause as NodeJS.ErrnoException, depth++) {
    if (isOrcaError(current) && current !== error) return null;
    const { code } = current;
    if (code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(String(current.message))) {
      return new OrcaError('VALIDATION_ERROR', 'A path or name in the arguments contains a NUL byte.', {
        suggestion: 'Remove the NUL (\\u0000) characters from paths and names and call again.',
      });
    }
    if (code === 'ENAMETOOLONG') {
      return new OrcaError('VALIDATION_ERROR', 'A path or name in the arguments is too long for the file system.', {
        suggestion: 'Use shorter names: at most 255 bytes per path component and 4096 bytes in all.',
      });
    }
  }
  return null;
}

function isErrorLike(value: unknown): value is NodeJS.ErrnoException {
  return typeof value === 'object' && value !== null && 'message' in value;
}
