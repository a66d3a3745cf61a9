const { validateWebSocketComponentHealth } = require('../websocket-core/websocket-manager-factory.js');

const { getDefaultEmitterServer } = require('@unified-ws/emitter');

async function both(ctx) {
  // @unified-ws-migrate-todo(unmapped-legacy-symbol): validateWebSocketComponentHealth has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/websocket-manager-factory or replace it
  getDefaultEmitterServer().notifyUser(ctx.userId, 'health', { report: validateWebSocketComponentHealth() });
}

module.exports = { both };
