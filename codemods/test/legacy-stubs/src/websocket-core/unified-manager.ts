export declare class UnifiedWebSocketManagerImplementation {
  sendToUser(userId: string, message: Record<string, unknown>): Promise<void>;
  sendToThread(threadId: string, message: Record<string, unknown>): Promise<boolean>;
  emitCriticalEvent(userId: string, eventType: string, data: Record<string, unknown>): Promise<void>;
  sendAgentEvent(userId: string, eventType: string, data: Record<string, unknown>): Promise<void>;
  broadcast(message: Record<string, unknown>): Promise<void>;
  addConnection(connection: unknown): Promise<void>;
  getUserConnections(userId: string): Set<string>;
  isConnectionActive(userId: string): boolean;
}
export declare enum WebSocketManagerMode {
  UNIFIED = 'unified',
}
export interface WebSocketConnection {
  connectionId: string;
  userId: string;
  socket: unknown;
  connectedAt: Date;
  threadId?: string;
}
