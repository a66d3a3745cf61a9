const { createWebSocketManager, validateWebSocketComponentHealth } = require('../websocket-core/websocket-manager-factory.js');

async function both(ctx) {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'health', report: validateWebSocketComponentHealth() });
}

module.exports = { both };
