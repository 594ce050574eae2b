import { describe, expect, it } from '@jest/globals';
import { BUILTIN_TEMPLATES, findTemplate } from './builtin-templates.js';
import { renderTemplate } from './render-template.js';

const sandbox = { name: 'Shop', project: 'shop' };

describe('renderTemplate', () => {
  it('writes the compose file, .env with the project name and generated secrets, README and starter files', () => {
    const rendered = renderTemplate(findTemplate('web-dev'), sandbox, { bindAddress: '127.0.0.1' });
    expect(Object.keys(rendered.files).sort()).toEqual(['.env', 'README.md', 'docker-compose.yml', 'frontend/server.js', 'nginx.conf']);
    const compose = rendered.files['docker-compose.yml']!;
    expect(compose).toContain('  proxy:\n    image: "nginx:1.27-alpine"\n    ports:\n      - "127.0.0.1:8080:80"\n');
    expect(compose).toContain('      org.orcaops.sandbox: "Shop"\n');
    expect(compose).toContain('    depends_on:\n      frontend:\n        condition: "service_healthy"\n');
    expect(compose).toContain('volumes:\n  db-data: {}\n');
    const env = rendered.files['.env']!.split('\n');
    expect(env[0]).toBe('COMPOSE_PROJECT_NAME=shop');
    expect(env).toContain('NODE_ENV=development');
    expect(env.find((line) => line.startsWith('POSTGRES_PASSWORD='))).toMatch(/^POSTGRES_PASSWORD=[A-Za-z0-9_-]{24}$/);
    expect(rendered.files['README.md']).toContain('# Sandbox Shop');
  });

  it('generates a different secret for every sandbox', () => {
    const secretOf = () => renderTemplate(findTemplate('python-ml'), sandbox, { bindAddress: '127.0.0.1' }).files['.env']!.split('\n')[1];
    expect(secretOf()).not.toBe(secretOf());
  });

  it('applies image, port, variable and bind address overrides; port 0 lets the engine choose', () => {
    const rendered = renderTemplate(findTemplate('api-testing'), sandbox, {
      bindAddress: '0.0.0.0',
      images: { cache: 'registry.local/redis:7' },
      ports: { api: 0, db: 15432 },
      variables: { POSTGRES_PASSWORD: 'fixed', NODE_ENV: 'production' },
    });
    const compose = rendered.files['docker-compose.yml']!;
    expect(compose).toContain('image: "registry.local/redis:7"');
    expect(compose).toContain('"0.0.0.0::3000"');
    expect(compose).toContain('"0.0.0.0:15432:5432"');
    expect(compose).toContain('"0.0.0.0:6379:6379"');
    expect(rendered.files['.env']).toBe('COMPOSE_PROJECT_NAME=shop\nPOSTGRES_PASSWORD=fixed\nNODE_ENV=production\n');
  });

  it('refuses overrides for services or variables the template does not have', () => {
    const template = findTemplate('web-dev');
    expect(() => renderTemplate(template, sandbox, { bindAddress: '127.0.0.1', images: { web: 'x' } })).toThrow(/no service "web"; its services are proxy, frontend, db/);
    expect(() => renderTemplate(template, sandbox, { bindAddress: '127.0.0.1', variables: { PASSWORD: 'x' } })).toThrow(/no variable "PASSWORD"/);
    expect(() => renderTemplate(template, sandbox, { bindAddress: '127.0.0.1', ports: { nope: 1 } })).toThrow(expect.objectContaining({ code: 'INVALID_TEMPLATE' }));
  });

  it('declares image, health check, labels and the confinement (no-new-privileges, dropped capabilities) for every service of every template', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.id)).toEqual(['web-dev', 'python-ml', 'api-testing']);
    for (const template of BUILTIN_TEMPLATES) {
      for (const service of template.services) {
        expect(service.healthcheck?.test.length).toBeGreaterThan(1);
        for (const dependency of Object.keys(service.dependsOn ?? {})) expect(template.services.map((s) => s.name)).toContain(dependency);
      }
      const compose = renderTemplate(template, sandbox, { bindAddress: '127.0.0.1' }).files['docker-compose.yml']!;
      expect(compose.match(/org\.orcaops\.managed: "true"/g)).toHaveLength(template.services.length);
      expect(compose.match(/no-new-privileges:true/g)).toHaveLength(template.services.length);
      expect(compose.match(/NET_RAW/g)).toHaveLength(template.services.length);
    }
  });
});
