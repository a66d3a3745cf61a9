import { deprecated, quietly } from '../core/deprecation.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import { isRecord } from '../core/payload-mapping.js';
import { USER_TIERS, UnifiedWebSocketEmitter, type UserTier } from './unified-websocket-emitter.js';
import type { WebSocketManagerProtocol } from './protocols.js';

/** The transparent-events module's event names: the five run events and the service/queue notices. */
export const WebSocketEventType = {
  AGENT_STARTED: 'agent_started',
  AGENT_THINKING: 'agent_thinking',
  TOOL_EXECUTING: 'tool_executing',
  TOOL_COMPLETED: 'tool_completed',
  AGENT_COMPLETED: 'agent_completed',
  SERVICE_INITIALIZING: 'service_initializing',
  SERVICE_READY: 'service_ready',
  SERVICE_DEGRADED: 'service_degraded',
  SERVICE_UNAVAILABLE: 'service_unavailable',
  SERVICE_RECOVERED: 'service_recovered',
  SYSTEM_STATUS: 'system_status',
  USER_QUEUE_POSITION: 'user_queue_position',
  ESTIMATED_WAIT_TIME: 'estimated_wait_time',
} as const;
export type WebSocketEventType = (typeof WebSocketEventType)[keyof typeof WebSocketEventType];

/** A context as the transparent module received it: it may carry the user's tier and a manager. */
export type TransparentContext = LegacyContextInput & {
  userTier?: UserTier;
  user_tier?: UserTier;
  websocketManager?: WebSocketManagerProtocol;
  websocket_manager?: WebSocketManagerProtocol;
};

/**
 * An emitter for the context's run, with the context's tier. Legacy awaited a synchronous
 * manager factory here (a TypeError); the shim needs no manager at all.
 */
export async function createTransparentEmitter(context: TransparentContext): Promise<UnifiedWebSocketEmitter> {
  deprecated('createTransparentEmitter');
  const fields: Record<string, unknown> = isRecord(context) ? context : {};
  const manager = (fields['websocketManager'] ?? fields['websocket_manager']) as WebSocketManagerProtocol | undefined;
  const tier = fields['userTier'] ?? fields['user_tier'];
  return quietly(() => {
    const emitter = new UnifiedWebSocketEmitter(manager, { context });
    if ((USER_TIERS as readonly unknown[]).includes(tier)) emitter.setUserTier(tier as UserTier);
    return emitter;
  });
}

/** The transparent module's other name for the one emitter class (`TransparentWebSocketEmitter` is in the emitter module). */
export const TransparentWebSocketEvents = UnifiedWebSocketEmitter;
export type TransparentWebSocketEvents = UnifiedWebSocketEmitter;
