// An ES module (a package with a .mjs file) whose only module syntax is `export function`:
// what the migration adds must be an import, since `require` does not exist in an ES module.
export async function renamed(ctx, title) {
  const { createWebSocketManager } = await import('../websocket-core/websocket-manager-factory.js');
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}
