const CRITICAL_EVENTS = require("@unified-ws/legacy-compat/unified-emitter").CRITICAL_EVENTS;
const where = require.resolve('@unified-ws/legacy-compat/websocket-manager-factory');

jest.mock('@unified-ws/legacy-compat/agent-websocket-bridge');

async function lazy() {
  const bridge = require('@unified-ws/legacy-compat/agent-websocket-bridge');
  return bridge.createAgentWebSocketBridge;
}

module.exports = { CRITICAL_EVENTS, where, lazy };
