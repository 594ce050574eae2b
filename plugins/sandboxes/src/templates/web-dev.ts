import { nodeAppService, postgresPassword, postgresService } from './common-services.js';
import { nodeStarterServer } from './starter-files.js';
import { healthcheck, type SandboxTemplate } from './template.js';

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
    nodeAppService('frontend', {}, { db: 'service_healthy' }),
    postgresService,
  ],
  variables: [postgresPassword, { name: 'NODE_ENV', description: 'NODE_ENV of the frontend.', default: 'development' }],
  volumes: ['db-data'],
  files: { 'nginx.conf': NGINX_CONF, 'frontend/server.js': nodeStarterServer('frontend') },
};
