/**
 * The closed set of error codes an OrcaOps tool may return. Clients branch on these, so adding one is an API
 * change and removing one is a breaking change.
 */
export const ERROR_CODES = [
  // General
  'VALIDATION_ERROR',
  'NOT_FOUND',
  'CONFLICT',
  'TIMEOUT',
  'CANCELLED',
  'PERMISSION_DENIED',
  'LIMIT_EXCEEDED',
  'INVALID_PATH',
  'INVALID_STATUS',
  'DIR_NOT_FOUND',
  'TOOL_NOT_FOUND',
  'CONFIG_INVALID',
  'PLUGIN_FAILED',
  'INTERNAL',
  // Docker
  'DOCKER_UNAVAILABLE',
  'DOCKER_ERROR',
  'IMAGE_NOT_FOUND',
  'IMAGE_PULL_FAILED',
  'CONTAINER_NOT_FOUND',
  'REMOVE_FAILED',
  // Jobs and runs
  'JOB_NOT_FOUND',
  'JOB_NOT_RUNNING',
  'JOB_TIMEOUT',
  'ARTIFACT_NOT_FOUND',
  'RUN_NOT_FOUND',
  // Sandboxes and templates
  'SANDBOX_NOT_FOUND',
  'SANDBOX_EXISTS',
  'TEMPLATE_NOT_FOUND',
  'INVALID_TEMPLATE',
  'DOCKER_COMPOSE_NOT_FOUND',
  'COMPOSE_FAILED',
  'START_FAILED',
  'STOP_FAILED',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What to tell a caller when the thrower gave no suggestion of its own. Written for an LLM: the next step, and
 * the tool to call for it where there is one.
 */
export const DEFAULT_SUGGESTIONS: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_ERROR: 'Fix the fields named in the message and call the tool again.',
  NOT_FOUND: 'Check the name or id; a list tool of the same category shows what exists.',
  CONFLICT: 'The resource is in a state that does not allow this; check its current state and retry.',
  TIMEOUT: 'The operation took too long; retry with a larger timeout or a smaller piece of work.',
  CANCELLED: 'The operation was cancelled; call the tool again if it is still wanted.',
  PERMISSION_DENIED: 'OrcaOps lacks permission for this; check file permissions or access to the Docker socket.',
  LIMIT_EXCEEDED: 'A size or count limit was reached; ask for less (a smaller range, a lower limit) or raise the limit in the configuration.',
  INVALID_PATH: 'Use a relative path that stays inside the allowed directory.',
  INVALID_STATUS: 'Use one of the statuses listed in the message.',
  DIR_NOT_FOUND: 'Check that the directory exists and is readable.',
  TOOL_NOT_FOUND: 'List the available tools and use one of their names.',
  CONFIG_INVALID: 'Fix orcaops.config.json (or the environment variable) named in the message.',
  PLUGIN_FAILED: 'Run orcaops_system_info to see plugin load failures; fix or remove the plugin in orcaops.config.json.',
  INTERNAL: 'This is a bug in OrcaOps or a plugin; retry once, and report it with the server log if it persists.',
  DOCKER_UNAVAILABLE: 'Start the Docker engine (or set DOCKER_HOST), then call orcaops_system_info to confirm it answers.',
  DOCKER_ERROR: 'The Docker engine refused the request; call orcaops_system_info to check the engine, then retry.',
  IMAGE_NOT_FOUND: 'Check the image name and tag; build or pull the image first.',
  IMAGE_PULL_FAILED: 'Check the image name, registry access and credentials, then retry.',
  CONTAINER_NOT_FOUND: 'Use orcaops_list_containers (with all=true) to see existing containers and their ids.',
  REMOVE_FAILED: 'Stop the container first with orcaops_stop_container, or retry with force=true.',
  JOB_NOT_FOUND: 'Use orcaops_list_jobs to see known jobs and their ids.',
  JOB_NOT_RUNNING: 'The job has already finished; use orcaops_get_job_status to see its result.',
  JOB_TIMEOUT: 'The job exceeded its time limit; raise timeout or split the work, then run it again.',
  ARTIFACT_NOT_FOUND: 'Use orcaops_list_artifacts to see the artifacts this job collected.',
  RUN_NOT_FOUND: 'Use orcaops_list_runs to see recorded runs and their ids.',
  SANDBOX_NOT_FOUND: 'Use orcaops_list_sandboxes to see registered sandboxes.',
  SANDBOX_EXISTS: 'Choose another name, or use the existing sandbox (orcaops_get_sandbox).',
  TEMPLATE_NOT_FOUND: 'Use orcaops_list_templates to see the available templates.',
  INVALID_TEMPLATE: 'Use orcaops_get_template to see what the template expects.',
  DOCKER_COMPOSE_NOT_FOUND: 'Install Docker Compose (the `docker compose` plugin or `docker-compose`), then call orcaops_system_info to confirm.',
  COMPOSE_FAILED: 'Read the compose output in the message, fix the compose file or the images, then retry.',
  START_FAILED: 'Read the message for the cause, fix it, then start again.',
  STOP_FAILED: 'Read the message for the cause; retry, or remove the containers with orcaops_remove_container.',
};

/** True when `value` is one of the closed set of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
