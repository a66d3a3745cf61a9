'use strict';
// The require goes below the directive, which must stay first to keep strict mode, and the
// file keeps its CRLF line endings.

async function renamed(ctx, title) {
  const factory = require('../websocket-core/websocket-manager-factory.js');
  const manager = await factory.createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}

module.exports = { renamed };
