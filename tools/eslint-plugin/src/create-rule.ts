import { ESLintUtils } from '@typescript-eslint/utils';

/** Every rule links to its doc page in this package. */
export const createRule = ESLintUtils.RuleCreator(
  (name) => `https://github.com/unified-ws/unified-ws/blob/main/tools/eslint-plugin/docs/rules/${name}.md`,
);
