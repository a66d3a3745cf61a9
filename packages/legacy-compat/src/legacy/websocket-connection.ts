import type { LegacyMessage } from '../core/payload-mapping.js';

/**
 * `WebSocketManagerMode`: every legacy mode was already an alias of `UNIFIED`.
 * A const object rather than an enum, so the duplicate values are legal and explicit.
 */
export const WebSocketManagerMode = {
  UNIFIED: 'unified',
  ISOLATED: 'unified',
  EMERGENCY: 'unified',
  DEGRADED: 'unified',
} as const;
export type WebSocketManagerMode = (typeof WebSocketManagerMode)[keyof typeof WebSocketManagerMode];

/** The part of a socket legacy code registered. The shim keeps it for lookups and never sends on it. */
export interface ConnectionSocket {
  readonly id: string;
  readonly connected: boolean;
  emit(event: 'message', message: LegacyMessage): unknown;
}

/** A connection as legacy code registers it with a manager: bookkeeping only in the shim. */
export interface WebSocketConnection {
  connectionId: string;
  userId: string;
  socket: ConnectionSocket;
  connectedAt: Date;
  metadata?: Record<string, unknown>;
  threadId?: string;
}

/** Thrown by the legacy manager constructor without a factory token; kept for `catch`/`instanceof`, never thrown. */
export class FactoryBypassDetected extends Error {
  constructor(message = 'WebSocketManager must be created through the factory') {
    super(message);
    this.name = 'FactoryBypassDetected';
  }
}
