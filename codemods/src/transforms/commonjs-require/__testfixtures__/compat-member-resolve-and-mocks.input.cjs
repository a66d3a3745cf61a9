const CRITICAL_EVENTS = require("../websocket-core/unified-emitter.js").CRITICAL_EVENTS;
const where = require.resolve('../websocket-core/websocket-manager-factory.js');

jest.mock('../services/agent-websocket-bridge.js');

async function lazy() {
  const bridge = require('../services/agent-websocket-bridge');
  return bridge.createAgentWebSocketBridge;
}

module.exports = { CRITICAL_EVENTS, where, lazy };
