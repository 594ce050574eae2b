import type { ErrorCode } from '@orcaops/plugin-api';

/**
 * The HTTP status of a tool error. The envelope is the same as over MCP; the status lets HTTP clients (and GPT
 * Actions) tell a bad request from a missing thing, a conflict or an engine that is down without reading it.
 */
const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  INVALID_PATH: 400,
  INVALID_TEMPLATE: 400,
  CONFIG_INVALID: 500,
  NOT_FOUND: 404,
  TOOL_NOT_FOUND: 404,
  DIR_NOT_FOUND: 404,
  IMAGE_NOT_FOUND: 404,
  CONTAINER_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  ARTIFACT_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  SANDBOX_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATUS: 409,
  JOB_NOT_RUNNING: 409,
  SANDBOX_EXISTS: 409,
  PERMISSION_DENIED: 403,
  LIMIT_EXCEEDED: 413,
  TIMEOUT: 504,
  JOB_TIMEOUT: 504,
  CANCELLED: 409,
  DOCKER_UNAVAILABLE: 503,
  DOCKER_COMPOSE_NOT_FOUND: 503,
  DOCKER_ERROR: 502,
  IMAGE_PULL_FAILED: 502,
  REMOVE_FAILED: 502,
  COMPOSE_FAILED: 502,
  START_FAILED: 502,
  STOP_FAILED: 502,
  PLUGIN_FAILED: 500,
  INTERNAL: 500,
};

export function statusOf(code: string): number {
  return STATUS_BY_CODE[code as ErrorCode] ?? 500;
}
