import {
  AuthorizationError,
  createEmitterServer,
  defaultEmitterServerClosed,
  getDefaultEmitterServer,
  type EmitterServer,
} from '@unified-ws/emitter';
import { config } from './config.js';
import { LegacyDeliveryError, NoEmitterServerError } from './errors.js';

let detached: EmitterServer | undefined;
let warned = false;

/**
 * The server every legacy call delivers through: the registered default, read at each call
 * so a server registered (or replaced) later is used from then on. Without one, see
 * `whenNoServer`: legacy code never threw for "no connection", so outside production the
 * shim keeps working against a detached in-memory server, and says so once.
 */
export function emitterServer(): EmitterServer {
  let registered: EmitterServer | undefined;
  try {
    registered = getDefaultEmitterServer();
  } catch {
    registered = undefined;
  }
  if (registered) {
    if (detached) {
      // A real server arrived: nobody could ever read what the stand-in holds.
      detached.close().catch(() => undefined);
      detached = undefined;
    }
    return registered;
  }
  const mode = config.whenNoServer ?? (process.env['NODE_ENV'] === 'production' ? 'fail' : 'detached');
  if (mode === 'fail') {
    // During a shutdown agents still finishing must get what legacy gave them for a lost
    // connection (false, or the error it raised), not the deployment error of a missing start-up line.
    if (defaultEmitterServerClosed()) {
      throw new LegacyDeliveryError('server_closed', 'the EmitterServer this process registered has closed: nothing was sent');
    }
    throw new NoEmitterServerError();
  }
  if (!detached) {
    detached = createEmitterServer({
      authenticate: () => {
        throw new AuthorizationError('the detached legacy-compat server accepts no connections');
      },
    });
  }
  if (!warned) {
    warned = true;
    process.emitWarning(
      'legacy-compat: no default EmitterServer is registered, so legacy calls go to a detached in-memory server ' +
        'that no client can reach. Register one at start-up: setDefaultEmitterServer(createEmitterServer({ io, authenticate }))',
      { type: 'Warning', code: 'UNIFIED_WS_NO_SERVER' },
    );
  }
  return detached;
}
