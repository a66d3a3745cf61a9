// The two log-only broadcast() duplicates of issue #1092.
import type { ErrorHandler } from '../websocket-core/handlers.js';
import type { AuthHandler } from '../websocket-core/auth.js';

export async function announce(errors: ErrorHandler, auth: AuthHandler): Promise<void> {
  // @unified-ws-migrate-todo(handler-broadcast): this broadcast() only logged (a no-op); delete the call, or notify users with getDefaultEmitterServer().notifyUser(userId, type, data)
  await errors.broadcast('error', { message: 'db down' });
  // @unified-ws-migrate-todo(handler-broadcast): this broadcast() only logged (a no-op); delete the call, or notify users with getDefaultEmitterServer().notifyUser(userId, type, data)
  await auth.broadcast('auth_failed', { reason: 'expired' });
}
