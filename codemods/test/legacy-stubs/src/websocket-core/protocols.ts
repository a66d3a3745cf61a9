export interface WebSocketManagerProtocol {
  sendToUser(userId: string, message: Record<string, unknown>): Promise<void>;
  emitCriticalEvent(userId: string, eventType: string, data: Record<string, unknown>): Promise<void>;
}
