import type { EmitterServer } from './emitter-server.js';

let defaultServer: EmitterServer | undefined;
/** the registered server unregistered itself by closing: the process is shutting down */
let closed = false;

/**
 * Registers the process-wide server for code that has no dependency injection (the
 * legacy-compat shim, migrated call sites). Pass `undefined` to clear it.
 */
export function setDefaultEmitterServer(server: EmitterServer | undefined): void {
  defaultServer = server;
  closed = false;
}

/** The server registered with `setDefaultEmitterServer`; throws a clear error when none is. */
export function getDefaultEmitterServer(): EmitterServer {
  if (!defaultServer) {
    throw new Error(
      'no default EmitterServer: call setDefaultEmitterServer(createEmitterServer({...})) once at start-up',
    );
  }
  return defaultServer;
}

/** @internal lets a closing server unregister itself without clearing another one. */
export function clearDefaultEmitterServerIf(server: EmitterServer): void {
  if (defaultServer !== server) return;
  defaultServer = undefined;
  closed = true;
}

/**
 * Whether there is no default server because the registered one closed (a shutdown), not
 * because none was ever registered (a missing start-up line). For code that tells the two
 * apart, like the legacy-compat shim.
 */
export function defaultEmitterServerClosed(): boolean {
  return closed;
}
