import { healthcheck, type SandboxTemplate } from './template.js';
import { nodeStarterServer } from './starter-files.js';

export const apiTesting: SandboxTemplate = {
  id: 'api-testing',
  name: 'API testing',
  description: 'A Node API with Redis and PostgreSQL, for integration tests against real backing services.',
  services: [
    {
      name: 'api',
      description: 'Node API served from ./api (starter server.js included)',
      image: 'node:22-alpine',
      command: ['node', 'server.js'],
      workingDir: '/app',
      port: { container: 3000, defaultHostPort: 3000, protocol: 'http' },
      environment: {
        PORT: '3000',
        NODE_ENV: '${NODE_ENV}',
        REDIS_URL: 'redis://cache:6379',
        DATABASE_URL: 'postgres://app:${POSTGRES_PASSWORD}@db:5432/app',
      },
      volumes: ['./api:/app'],
      healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:3000/health || exit 1']),
      dependsOn: { cache: 'service_healthy', db: 'service_healthy' },
    },
    {
      name: 'cache',
      description: 'Redis',
      image: 'redis:7-alpine',
      port: { container: 6379, defaultHostPort: 6379, protocol: 'tcp' },
      healthcheck: healthcheck(['CMD', 'redis-cli', 'ping'], 5),
    },
    {
      name: 'db',
      description: 'PostgreSQL (user and database "app")',
      image: 'postgres:17-alpine',
      port: { container: 5432, defaultHostPort: 5432, protocol: 'tcp' },
      environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}' },
      volumes: ['db-data:/var/lib/postgresql/data'],
      healthcheck: healthcheck(['CMD-SHELL', 'pg_isready -U app -d app']),
    },
  ],
  variables: [
    { name: 'POSTGRES_PASSWORD', description: 'Password of the PostgreSQL user "app".', secret: true },
    { name: 'NODE_ENV', description: 'NODE_ENV of the API.', default: 'test' },
  ],
  volumes: ['db-data'],
  files: { 'api/server.js': nodeStarterServer('api') },
};
