import { nodeAppService, postgresPassword, postgresService } from './common-services.js';
import { nodeStarterServer } from './starter-files.js';
import { healthcheck, type SandboxTemplate } from './template.js';

export const apiTesting: SandboxTemplate = {
  id: 'api-testing',
  name: 'API testing',
  description: 'A Node API with Redis and PostgreSQL, for integration tests against real backing services.',
  services: [
    nodeAppService('api', { REDIS_URL: 'redis://cache:6379' }, { cache: 'service_healthy', db: 'service_healthy' }),
    {
      name: 'cache',
      description: 'Redis',
      image: 'redis:7-alpine',
      port: { container: 6379, defaultHostPort: 6379, protocol: 'tcp' },
      healthcheck: healthcheck(['CMD', 'redis-cli', 'ping'], 5),
    },
    postgresService,
  ],
  variables: [postgresPassword, { name: 'NODE_ENV', description: 'NODE_ENV of the API.', default: 'test' }],
  volumes: ['db-data'],
  files: { 'api/server.js': nodeStarterServer('api') },
};
