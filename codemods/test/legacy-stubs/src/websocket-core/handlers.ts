export declare class ErrorHandler {
  broadcast(event: string, data: Record<string, unknown>): Promise<void>;
}
