/** Entry point for the deprecated `websocket-core/websocket-manager-factory` module: its 16 names and `IsolatedWebSocketManager`. */
export {
  WebSocketManagerFactory,
  createWebSocketManager,
  createWebSocketManagerSync,
  factoryInstance,
  factoryLock,
  getWebSocketManagerFactory,
} from './legacy/manager-factory.js';
export type {
  CreateWebSocketManagerOptions,
  LegacyManagerFactory,
  ManagerFactoryMethods,
  ManagerFactoryStats,
} from './legacy/manager-factory.js';
export {
  createDefensiveUserExecutionContext,
  createTestUserContext,
  validateSsotUserContext,
  validateSsotUserContextStagingSafe,
} from './legacy/user-context.js';
export type { DefensiveContextOptions, SsotValidatable, TestUserContext } from './legacy/user-context.js';
export { ConnectionLifecycleManager } from './legacy/connection-lifecycle-manager.js';
export { FactoryMetrics, ManagerMetrics } from './legacy/factory-metrics.js';
export type { FactoryMetricsData, ManagerMetricsData } from './legacy/factory-metrics.js';
export { validateWebSocketComponentHealth } from './legacy/component-health.js';
export type { ComponentHealth } from './legacy/component-health.js';
export { FactoryInitializationError, WebSocketComponentError } from './legacy/factory-errors.js';
export { IsolatedWebSocketManager } from './legacy/websocket-manager.js';
export type {
  LegacyContextInput,
  LegacyUserContext,
  LegacyUserContext as UserExecutionContext,
  SnakeCaseUserContext,
} from './core/legacy-context.js';
