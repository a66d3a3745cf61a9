import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import path from 'node:path';

/**
 * One vitest shape for every project: workspace packages resolve to their TypeScript
 * sources, and each run leaves a JSON report in `.test-results/` so `.ci/run` can count
 * real results instead of scraping text.
 */
export function defineProjectConfig(
  root: string,
  name: string,
  overrides: NonNullable<ViteUserConfig['test']> = {},
): ViteUserConfig {
  const workspaceRoot = import.meta.dirname;
  return defineConfig({
    root,
    cacheDir: path.join(workspaceRoot, 'node_modules/.vite', name),
    ssr: { resolve: { conditions: ['@unified-ws/source', ...defaultServerConditions] } },
    test: {
      name,
      environment: 'node',
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: path.join(workspaceRoot, '.test-results', `${name}.json`) },
      ...overrides,
    },
  });
}
