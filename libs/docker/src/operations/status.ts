import { engineMessageOf } from '../map-docker-error.js';

/** The HTTP status of a failed engine call, if it got that far. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Runs an engine call and treats the given status (e.g. 304 "already started") as success. */
export async function succeedOn(status: number, call: () => Promise<unknown>, when: (message: string) => boolean = () => true): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (statusOf(error) === status && when(engineMessageOf(error))) return;
    throw error;
  }
}
