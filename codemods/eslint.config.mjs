import base from '../eslint.config.mjs';

export default [
  ...base,
  // The stubs stand in for the legacy modules the transforms read: legacy on purpose.
  {
    files: ['test/legacy-stubs/**'],
    rules: { '@unified-ws/no-direct-agent-events': 'off', '@unified-ws/no-legacy-imports': 'off' },
  },
];
