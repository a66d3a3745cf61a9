export declare class AuthHandler {
  broadcast(event: string, data: Record<string, unknown>): Promise<void>;
}
