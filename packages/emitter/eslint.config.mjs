import base from '../../eslint.config.mjs';

export default [
  ...base,
  // The emitter is the one place allowed to send the critical events.
  { rules: { '@unified-ws/no-direct-agent-events': 'off' } },
];
