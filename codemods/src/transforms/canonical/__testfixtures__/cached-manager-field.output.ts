// d.5 services/corpus/clickhouse-operations: a lazily created manager cached in a field.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
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
        // @unified-ws-migrate-todo(receiver-escapes): the createWebSocketManager(...) result is stored or passed on; canonical code has no manager objects: use getDefaultEmitterServer() or a RunEmitter instead
        this.websocketManager = await createWebSocketManager({ userContext: this.userContext });
      } finally {
        this.websocketManagerCreated = true;
      }
    }
    return this.websocketManager;
  }

  async tableCreated(table: string): Promise<void> {
    await this.manager();
    getDefaultEmitterServer().notifyUser(this.userContext.userId, 'table_created', { table });
  }
}
