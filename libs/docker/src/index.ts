export { DockerodeService, type DockerSettings } from './dockerode-service.js';
export { DEFAULT_TIMEOUTS, type EngineTimeouts } from './connection/deadlines.js';
export { ComposeCli, type ComposeCliOptions } from './compose/compose-cli.js';
export { resolveEndpoint, defaultSocketCandidates, type EndpointSettings } from './connection/resolve-endpoint.js';
export { clientOptionsFor } from './connection/client-options.js';
export { mapDockerError, isUnreachable } from './map-docker-error.js';
