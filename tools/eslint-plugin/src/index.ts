import type { TSESLint } from '@typescript-eslint/utils';
import { noDirectAgentEvents } from './rules/no-direct-agent-events.js';
import { noLegacyImports } from './rules/no-legacy-imports.js';

const rules = {
  'no-direct-agent-events': noDirectAgentEvents,
  'no-legacy-imports': noLegacyImports,
};

const plugin = {
  meta: { name: '@unified-ws/eslint-plugin', version: '0.1.0' },
  rules,
  configs: {} as Record<string, TSESLint.FlatConfig.Config>,
};

/** `recommended`: every rule as an error. Scope it away from the emitter package itself. */
plugin.configs['recommended'] = {
  name: '@unified-ws/recommended',
  plugins: { '@unified-ws': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: {
    '@unified-ws/no-direct-agent-events': 'error',
    '@unified-ws/no-legacy-imports': 'error',
  },
};

export default plugin;
export { rules };
