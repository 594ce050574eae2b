export { TEST_IMAGE, TEST_SERVICE_IMAGE, TEST_RUN_LABEL, DockerTestScope, dockerCli, requireDocker } from './docker-cli.js';
export { FakeDockerService, type FakeScript } from './fake-docker-service.js';
export { LocalRegistry, freePort } from './local-registry.js';
export { makeTempDir } from './temp-dir.js';
export { MemoryLogSink } from './memory-log-sink.js';
export { silentLogger } from './silent-logger.js';
export { composeResources, removeComposeProject } from './compose-project.js';
export { startHungEngine } from './hung-engine.js';
export { testToolContext } from './tool-context.js';
