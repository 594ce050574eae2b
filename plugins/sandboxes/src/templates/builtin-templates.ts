import { OrcaError } from '@orcaops/plugin-api';
import { apiTesting } from './api-testing.js';
import { pythonMl } from './python-ml.js';
import type { SandboxTemplate } from './template.js';
import { webDev } from './web-dev.js';

export const BUILTIN_TEMPLATES: readonly SandboxTemplate[] = [webDev, pythonMl, apiTesting];

/** @throws `TEMPLATE_NOT_FOUND` naming the templates there are. */
export function findTemplate(id: string): SandboxTemplate {
  const template = BUILTIN_TEMPLATES.find((candidate) => candidate.id === id);
  if (!template) {
    throw new OrcaError('TEMPLATE_NOT_FOUND', `There is no template "${id}". Templates: ${BUILTIN_TEMPLATES.map((t) => t.id).join(', ')}.`);
  }
  return template;
}
