import { debuglog } from 'node:util';
import { deprecated } from '../core/deprecation.js';
import { errorText, type LegacyMessage } from '../core/payload-mapping.js';

const log = debuglog('unified-ws-legacy');

/**
 * The two duplicate legacy `broadcast()` methods only logged. They stay deprecated no-ops:
 * a real broadcast to every socket would cross users, which the emitter never does. To
 * message a user, use `getDefaultEmitterServer().notifyUser(userId, type, data)`.
 */
export class ErrorHandler {
  constructor() {
    deprecated('ErrorHandler');
  }

  async broadcast(event: string, data: LegacyMessage = {}): Promise<void> {
    deprecated('ErrorHandler.broadcast');
    log('ErrorHandler.broadcast(%s) ignored (a no-op in legacy too): %o', event, data);
  }

  /** Legacy "broadcast" the error, which sent nothing: the error is logged (`NODE_DEBUG=unified-ws-legacy`). */
  async handleError(error: unknown, context: LegacyMessage = {}): Promise<void> {
    deprecated('ErrorHandler.handleError');
    log('ErrorHandler.handleError: %s %o', errorText(error) ?? 'error', context);
  }
}

export class AuthHandler {
  constructor() {
    deprecated('AuthHandler');
  }

  async broadcast(event: string, data: LegacyMessage = {}): Promise<void> {
    deprecated('AuthHandler.broadcast');
    log('AuthHandler.broadcast(%s) ignored (a no-op in legacy too): %o', event, data);
  }
}
