import type { EmitterServer } from './emitter-server.js';

let defaultServer: EmitterServer | undefined;

/**
 * Registers the process-wide server for code that has no dependency injection (the
 * legacy-compat shim, migrated call sites). Pass `undefined` to clear it.
 */
export function setDefaultEmitterServer(server: EmitterServer | undefined): void {
  defaultServer = server;
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
  if (defaultServer === server) defaultServer = undefined;
}
