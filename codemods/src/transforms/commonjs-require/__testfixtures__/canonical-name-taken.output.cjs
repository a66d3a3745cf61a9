'use strict';
const { getDefaultEmitterServer: getDefaultEmitterServer2 } = require('@unified-ws/emitter');
// The canonical server's name is taken by a local function: the require binds it under an alias.
function getDefaultEmitterServer() {
  return 'the app server';
}

async function renamed(ctx, title) {
  getDefaultEmitterServer2().notifyUser(ctx.userId, 'thread_renamed', { title });
  return getDefaultEmitterServer();
}

module.exports = { renamed };
