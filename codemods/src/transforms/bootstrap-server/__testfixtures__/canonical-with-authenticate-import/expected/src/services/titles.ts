import { getDefaultEmitterServer } from '@unified-ws/emitter';

export async function renamed(userId: string, title: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { title });
}
