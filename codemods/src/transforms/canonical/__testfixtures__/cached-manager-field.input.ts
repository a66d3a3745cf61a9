// d.5 services/corpus/clickhouse-operations: a lazily created manager cached in a field.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export class CorpusOperations {
  private websocketManager: WebSocketManager | undefined;
  private websocketManagerCreated = false;

  constructor(private readonly userContext: UserExecutionContext) {}

  private async manager(): Promise<WebSocketManager | undefined> {
    if (!this.websocketManagerCreated) {
      try {
        this.websocketManager = await createWebSocketManager({ userContext: this.userContext });
      } finally {
        this.websocketManagerCreated = true;
      }
    }
    return this.websocketManager;
  }

  async tableCreated(table: string): Promise<void> {
    await this.manager();
    await this.websocketManager?.sendToUser(this.userContext.userId, { type: 'table_created', table });
  }
}
