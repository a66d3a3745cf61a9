// Types map onto canonical ones where the code around them is migrated; CRITICAL_EVENTS is canonical too.
import { CRITICAL_EVENTS, type AgentEventType, type EmitterServer, getDefaultEmitterServer } from '@unified-ws/emitter';

export interface Deps {
  manager: EmitterServer;
}

export function isCritical(type: string): type is AgentEventType {
  return (CRITICAL_EVENTS as readonly string[]).includes(type);
}

export async function rename(manager: EmitterServer, userId: string, title: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { title });
}
