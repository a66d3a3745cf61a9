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

export interface WebSocketConnectionInit {
  connectionId: string;
  userId: string;
  /** the legacy `websocket` field; the shim only keeps it for lookups and never sends on it */
  socket?: unknown;
  websocket?: unknown;
  connectedAt?: Date;
  metadata?: Record<string, unknown>;
  threadId?: string;
}

/**
 * A connection as legacy code registers it with a manager. Pure bookkeeping in the shim:
 * delivery goes through the EmitterServer, which knows the real sockets.
 */
export class WebSocketConnection {
  readonly connectionId: string;
  readonly userId: string;
  readonly socket: unknown;
  readonly connectedAt: Date;
  metadata: Record<string, unknown> | undefined;
  threadId: string | undefined;

  constructor(init: WebSocketConnectionInit) {
    if (typeof init.connectionId !== 'string' || init.connectionId.length === 0) {
      throw new TypeError('WebSocketConnection: connectionId must be a non-empty string');
    }
    if (typeof init.userId !== 'string' || init.userId.length === 0) {
      throw new TypeError('WebSocketConnection: userId must be a non-empty string');
    }
    this.connectionId = init.connectionId;
    this.userId = init.userId;
    this.socket = init.socket ?? init.websocket;
    this.connectedAt = init.connectedAt ?? new Date();
    this.metadata = init.metadata;
    this.threadId = init.threadId;
  }

  /** The legacy name of `socket`. */
  get websocket(): unknown {
    return this.socket;
  }
}
