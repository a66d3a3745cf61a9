import nx from '@nx/eslint-plugin';
import { loadPluginFromSource } from './tools/eslint-plugin/load-from-source.mjs';

// This workspace lints itself with its own plugin, loaded from source (no build before lint).
const unifiedWs = await loadPluginFromSource();

/**
 * Module boundaries follow DESIGN.md: the emitter depends on nothing of ours;
 * legacy-compat only on the emitter; codemods on nothing of ours at runtime;
 * the eslint plugin only on the codemods recipe; tests on anything.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/node_modules',
      '**/vitest.config.*.timestamp*',
      '**/__testfixtures__/**',
      '**/.test-results',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:emitter', onlyDependOnLibsWithTags: ['scope:emitter'] },
            { sourceTag: 'scope:legacy-compat', onlyDependOnLibsWithTags: ['scope:emitter', 'scope:legacy-compat'] },
            { sourceTag: 'scope:codemods', onlyDependOnLibsWithTags: ['scope:codemods'] },
            { sourceTag: 'scope:eslint-plugin', onlyDependOnLibsWithTags: ['scope:codemods', 'scope:eslint-plugin'] },
            { sourceTag: 'scope:fixture', onlyDependOnLibsWithTags: ['scope:fixture'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  // Keep the single source of truth: only the emitter sends critical agent events. The emitter
  // and the legacy fixture turn these rules off in their own eslint.config.mjs.
  { files: ['**/*.ts'], ...unifiedWs.configs.recommended },
  {
    // Config files reach the shared root presets on purpose; they are not library code.
    files: ['**/eslint.config.mjs', '**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/src/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
];
