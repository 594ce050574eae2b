import { healthcheck, type TemplateService, type TemplateVariable } from './template.js';

/** PostgreSQL with user and database `app`, its data in the named volume `db-data`. */
export const postgresService: TemplateService = {
  name: 'db',
  description: 'PostgreSQL (user and database "app")',
  image: 'postgres:17-alpine',
  port: { container: 5432, defaultHostPort: 5432, protocol: 'tcp' },
  environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}' },
  volumes: ['db-data:/var/lib/postgresql/data'],
  healthcheck: healthcheck(['CMD-SHELL', 'pg_isready -U app -d app']),
};

export const postgresPassword: TemplateVariable = { name: 'POSTGRES_PASSWORD', description: 'Password of the PostgreSQL user "app".', secret: true };

/** A Node app served from `./<name>` on port 3000 (the template writes a starter server.js with `/health`). */
export function nodeAppService(name: string, environment: Readonly<Record<string, string>>, dependsOn: TemplateService['dependsOn']): TemplateService {
  return {
    name,
    description: `Node app served from ./${name} (starter server.js included)`,
    image: 'node:22-alpine',
    command: ['node', 'server.js'],
    workingDir: '/app',
    port: { container: 3000, defaultHostPort: 3000, protocol: 'http' },
    environment: { PORT: '3000', NODE_ENV: '${NODE_ENV}', DATABASE_URL: 'postgres://app:${POSTGRES_PASSWORD}@db:5432/app', ...environment },
    volumes: [`./${name}:/app`],
    healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:3000/health || exit 1']),
    ...(dependsOn ? { dependsOn } : {}),
  };
}
