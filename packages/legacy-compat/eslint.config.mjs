import base from '../../eslint.config.mjs';

export default [
  ...base,
  // The shim keeps the legacy emitter methods (emitAgentStarted, notifyToolCompleted, …) by design;
  // each of them delegates to a RunEmitter, which its tests prove.
  { rules: { '@unified-ws/no-direct-agent-events': 'off' } },
];
