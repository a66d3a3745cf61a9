// The two log-only broadcast() duplicates of issue #1092.
import { ErrorHandler } from '../websocket-core/handlers.js';
import { AuthHandler } from '../websocket-core/auth.js';

export async function announce(errors: ErrorHandler, auth: AuthHandler): Promise<void> {
  await errors.broadcast('error', { message: 'db down' });
  await auth.broadcast('auth_failed', { reason: 'expired' });
}
