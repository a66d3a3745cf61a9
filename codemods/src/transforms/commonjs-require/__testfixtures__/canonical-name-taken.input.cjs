'use strict';
// The canonical server's name is taken by a local function: the require binds it under an alias.
const { createWebSocketManager } = require('../websocket-core/websocket-manager-factory.js');

function getDefaultEmitterServer() {
  return 'the app server';
}

async function renamed(ctx, title) {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
  return getDefaultEmitterServer();
}

module.exports = { renamed };
