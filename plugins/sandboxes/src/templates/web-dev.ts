import { healthcheck, type SandboxTemplate } from './template.js';
import { nodeStarterServer } from './starter-files.js';

const NGINX_CONF = `# Written by OrcaOps: the proxy sends every request to the frontend service.
server {
  listen 80;
  location / {
    proxy_pass http://frontend:3000;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  }
}
`;

export const webDev: SandboxTemplate = {
  id: 'web-dev',
  name: 'Web development',
  description: 'An nginx reverse proxy in front of a Node frontend, with PostgreSQL.',
  services: [
    {
      name: 'proxy',
      description: 'nginx reverse proxy to the frontend',
      image: 'nginx:1.27-alpine',
      port: { container: 80, defaultHostPort: 8080, protocol: 'http' },
      volumes: ['./nginx.conf:/etc/nginx/conf.d/default.conf:ro'],
      healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:80/ || exit 1']),
      dependsOn: { frontend: 'service_healthy' },
    },
    {
      name: 'frontend',
      description: 'Node app served from ./frontend (starter server.js included)',
      image: 'node:22-alpine',
      command: ['node', 'server.js'],
      workingDir: '/app',
      port: { container: 3000, defaultHostPort: 3000, protocol: 'http' },
      environment: { PORT: '3000', NODE_ENV: '${NODE_ENV}', DATABASE_URL: 'postgres://app:${POSTGRES_PASSWORD}@db:5432/app' },
      volumes: ['./frontend:/app'],
      healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:3000/health || exit 1']),
      dependsOn: { db: 'service_healthy' },
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
    { name: 'NODE_ENV', description: 'NODE_ENV of the frontend.', default: 'development' },
  ],
  volumes: ['db-data'],
  files: { 'nginx.conf': NGINX_CONF, 'frontend/server.js': nodeStarterServer('frontend') },
};
