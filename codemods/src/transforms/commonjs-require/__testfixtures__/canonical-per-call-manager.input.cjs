'use strict';
const path = require('path');
const { createWebSocketManager } = require('../websocket-core/websocket-manager-factory');

async function rename(ctx, userId, title) {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(userId, { type: 'thread_renamed', title, file: path.basename(__filename) });
}

async function thinking(ctx) {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'cjs', thought: 'still works' });
}

module.exports = { rename, thinking };
