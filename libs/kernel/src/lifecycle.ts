import type { LifecycleStartContext, Logger, PluginInstance } from '@orcaops/plugin-api';

/** A loaded plugin's lifecycle hooks. */
export interface PluginHooks {
  readonly pluginId: string;
  readonly hooks: Pick<PluginInstance, 'start' | 'drain' | 'stop'>;
}

/** Runs one hook per plugin, each guarded and time-limited, so that one bad plugin cannot hang the host. */
export async function runHooks(
  contributions: readonly PluginHooks[],
  hook: 'start' | 'drain' | 'stop',
  timeoutMs: number,
  log: Logger,
  /** For `start`; the other hooks take none. */
  context?: LifecycleStartContext,
): Promise<void> {
  await Promise.all(
    contributions.map(async ({ pluginId, hooks }) => {
      const fn = hooks[hook];
      if (!fn) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref();
      });
      try {
        const result = await Promise.race([Promise.resolve()
            .then(() => fn.call(hooks, context as LifecycleStartContext))
            .then(() => 'done' as const), timeout]);
        if (result === 'timeout') log.warn(`plugin ${hook} hook timed out`, { plugin: pluginId, timeoutMs });
      } catch (error) {
        log.error(`plugin ${hook} hook failed`, { plugin: pluginId, error });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
