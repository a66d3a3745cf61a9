// An ES module (a package with a .mjs file) whose only module syntax is `export function`:
// what the migration adds must be an import, since `require` does not exist in an ES module.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
export async function renamed(ctx, title) {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });
}
