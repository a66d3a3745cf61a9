import tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import { afterAll, describe, it } from 'vitest';

// ESLint's RuleTester drives vitest's describe/it when they are handed to it.
const tester = RuleTester as unknown as { describe: unknown; it: unknown; itOnly: unknown; afterAll: unknown };
tester.describe = describe;
tester.it = it;
tester.itOnly = it.only;
tester.afterAll = afterAll;

export function ruleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' } });
}
