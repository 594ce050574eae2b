// Shared Jest setup: native ESM (ink needs it), swc for speed, legacy decorators with metadata for inversify.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = dirname(fileURLToPath(import.meta.url));
const { compilerOptions } = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

// Tests import sibling projects from source, so a test run never needs a build first.
const sourceMappings = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [`^${name}$`, join(workspaceRoot, target)]),
);

/** @param {string} configUrl import.meta.url of the project's jest.config.mjs */
export function createJestConfig(configUrl) {
  return {
    rootDir: dirname(fileURLToPath(configUrl)),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: { ...sourceMappings, '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.tsx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', tsx: true, decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
            keepClassNames: true,
            target: 'es2022',
          },
          module: { type: 'es6' },
        },
      ],
    },
    reporters: ['default', join(workspaceRoot, 'tools/test-results-reporter.mjs')],
    testTimeout: 60_000,
  };
}
