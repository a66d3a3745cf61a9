/**
 * The test-runner calls whose first argument is a module path (`vi.mock('…')`,
 * `jest.requireActual('…')`): references to a legacy module that `verify` counts, `migrate`
 * marks and the ESLint plugin reports. One list, so the tools cannot disagree on a call.
 */
export const MOCK_CALLS: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ['vi', new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock'])],
  [
    'jest',
    new Set(['mock', 'doMock', 'unmock', 'dontMock', 'setMock', 'requireActual', 'requireMock', 'createMockFromModule']),
  ],
]);
