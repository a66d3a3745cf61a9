// A path the user added in unified-ws.config.json.
import { getDefaultEmitterServer } from '@unified-ws/emitter';

export async function ping(userId: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(userId, 'ping');
}
