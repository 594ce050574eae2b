/**
 * Labels on every Docker resource OrcaOps creates, so that it can always find and clean up its own resources
 * and never touch anyone else's.
 */
export const LABELS = {
  /** `true` on every OrcaOps resource. */
  managed: 'org.orcaops.managed',
  /** Id of the plugin that created the resource. */
  plugin: 'org.orcaops.plugin',
  /** Job id, on job containers. */
  job: 'org.orcaops.job',
  /** Sandbox name, on sandbox resources. */
  sandbox: 'org.orcaops.sandbox',
} as const;
