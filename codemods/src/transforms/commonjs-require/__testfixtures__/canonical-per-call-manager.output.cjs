'use strict';
const path = require('path');
const { getDefaultEmitterServer } = require('@unified-ws/emitter');

async function rename(ctx, userId, title) {
  getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { title, file: path.basename(__filename) });
}

async function thinking(ctx) {
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'cjs', reasoning: 'still works' });
}

module.exports = { rename, thinking };
