import { userRoom } from '@unified-ws/emitter';
import { NoEmitterServerError } from './errors.js';
import { emitterServer } from './server.js';

/**
 * How many sockets of `userId` this node's EmitterServer holds (its user room). Read-only
 * and node-local: the legacy health queries (`isConnectionActive`, `waitForConnection`)
 * answer from it; delivery never depends on it, since run events replay on connect.
 */
export function localSocketCount(userId: string): number {
  try {
    return emitterServer().namespace.adapter.rooms.get(userRoom(userId))?.size ?? 0;
  } catch (error) {
    if (error instanceof NoEmitterServerError) return 0;
    throw error;
  }
}
