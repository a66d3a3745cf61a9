'use strict';
const { getDefaultEmitterServer } = require('@unified-ws/emitter');
// The require goes below the directive, which must stay first to keep strict mode, and the
// file keeps its CRLF line endings.

async function renamed(ctx, title) {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });
}

module.exports = { renamed };
