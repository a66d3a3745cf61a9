'use strict';
const factory = require('../websocket-core/websocket-manager-factory.js');

async function renamed(ctx, title) {
  const manager = await factory.createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}

module.exports = { renamed };
