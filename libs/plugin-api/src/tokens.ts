/**
 * Dependency-injection tokens for host services and plugin contributions. `Symbol.for` keeps them equal across
 * duplicate installs of this package. Each token has an interface of the same name in this package.
 */
export const TOKENS = {
  /** {@link DockerService}: the Docker engine. */
  DockerService: Symbol.for('orcaops.DockerService'),
  /** {@link ComposeService}: the compose CLI. */
  ComposeService: Symbol.for('orcaops.ComposeService'),
  /** {@link RunStore}: the job run history under ORCAOPS_HOME. */
  RunStore: Symbol.for('orcaops.RunStore'),
  /** {@link HostInfo}: version, home, plugin report. */
  HostInfo: Symbol.for('orcaops.HostInfo'),
  /** {@link Logger}: the plugin's logger. */
  Logger: Symbol.for('orcaops.Logger'),
  /** {@link Clock}: the current time, replaceable in tests. */
  Clock: Symbol.for('orcaops.Clock'),
  /** {@link ToolProvider}: multi-binding, one per provider class. */
  ToolProvider: Symbol.for('orcaops.ToolProvider'),
  /** {@link LifecycleContribution}: multi-binding, optional. */
  LifecycleContribution: Symbol.for('orcaops.LifecycleContribution'),
} as const;

/** The current time; injected so that tests can control it. */
export interface Clock {
  now(): Date;
}
