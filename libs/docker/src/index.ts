export { DockerodeService } from './dockerode-service.js';
export { ComposeCli, type ComposeCliOptions } from './compose/compose-cli.js';
export { resolveEndpoint, defaultSocketCandidates, type EndpointSettings } from './connection/resolve-endpoint.js';
export { clientOptionsFor } from './connection/client-options.js';
export { mapDockerError, isUnreachable } from './map-docker-error.js';
