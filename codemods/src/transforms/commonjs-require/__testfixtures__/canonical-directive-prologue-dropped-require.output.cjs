'use strict';
const { getDefaultEmitterServer } = require('@unified-ws/emitter');

async function renamed(ctx, title) {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });
}

module.exports = { renamed };
