/** A health check as compose declares it. */
export interface TemplateHealthcheck {
  /** `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  readonly test: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** One service of a template. Strings may reference the template's variables as `${NAME}` (compose reads `.env`). */
export interface TemplateService {
  readonly name: string;
  readonly description: string;
  /** Default image; callers override it (e.g. with a local image on a machine without internet). */
  readonly image: string;
  readonly command?: readonly string[];
  readonly workingDir?: string;
  /** The container port; published on the host at `defaultHostPort` unless overridden. */
  readonly port?: { readonly container: number; readonly defaultHostPort: number; readonly protocol: 'http' | 'tcp' };
  readonly environment?: Readonly<Record<string, string>>;
  /** `volume:/path` for named volumes, `./relative:/path[:ro]` for files the template writes. */
  readonly volumes?: readonly string[];
  readonly healthcheck?: TemplateHealthcheck;
  readonly dependsOn?: Readonly<Record<string, 'service_started' | 'service_healthy'>>;
}

/** A variable written to the sandbox's `.env`. */
export interface TemplateVariable {
  readonly name: string;
  readonly description: string;
  /** Used when the caller gives no value; absent for secrets, which are generated per sandbox. */
  readonly default?: string;
  readonly secret?: boolean;
}

/** A built-in sandbox template. */
export interface SandboxTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly services: readonly TemplateService[];
  readonly variables: readonly TemplateVariable[];
  /** Named volumes the services use. */
  readonly volumes: readonly string[];
  /** Extra files written into the sandbox directory (relative path → content), e.g. a proxy config or a starter app. */
  readonly files: Readonly<Record<string, string>>;
}

/** Health check timings shared by the templates: quick to notice a service coming up, patient with slow starters. */
export function healthcheck(test: readonly string[], startPeriodSeconds = 10): TemplateHealthcheck {
  return { test, intervalSeconds: 2, timeoutSeconds: 5, retries: 30, startPeriodSeconds };
}
