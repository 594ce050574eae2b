import type { LifecycleContribution, LifecycleStartContext, Logger } from '@orcaops/plugin-api';

/** Runs one hook per contribution, each guarded and time-limited, so that one bad plugin cannot hang the host. */
export async function runHooks(
  contributions: ReadonlyArray<{ pluginId: string; contribution: LifecycleContribution }>,
  hook: 'start' | 'drain' | 'stop',
  timeoutMs: number,
  log: Logger,
  /** For `start`; the other hooks take none. */
  context?: LifecycleStartContext,
): Promise<void> {
  await Promise.all(
    contributions.map(async ({ pluginId, contribution }) => {
      const fn = contribution[hook];
      if (!fn) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref();
      });
      try {
        const result = await Promise.race([fn.call(contribution, context as LifecycleStartContext).then(() => 'done' as const), timeout]);
        if (result === 'timeout') log.warn(`plugin ${hook} hook timed out`, { plugin: pluginId, timeoutMs });
      } catch (error) {
        log.error(`plugin ${hook} hook failed`, { plugin: pluginId, error });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
