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
