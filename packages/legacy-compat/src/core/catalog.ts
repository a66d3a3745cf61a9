/**
 * Every deprecated callable of the legacy layer that the shim warns about and counts, with
 * the canonical call that replaces it. The warning code of a symbol is derived from its name
 * (`warningCode`), and the README's table is checked against this list by a test.
 *
 * Data-only names (error classes, enums, constants, types, `WebSocketConnection`) neither
 * warn nor count: they cost nothing at run time, and the codemods find their imports.
 */
const RUN = 'getDefaultEmitterServer().forRun({ userId, threadId, runId })';
const RUN_EVENTS = `${RUN}.agentStarted / agentThinking / toolExecuting / toolCompleted / agentCompleted`;
const MANAGER = `${RUN} for run events, getDefaultEmitterServer().notifyUser(userId, type, data) for other messages`;

export const LEGACY_SYMBOLS = {
  // websocket-core/websocket-manager-factory (the deprecated factory)
  createWebSocketManager: { entry: 'websocket-manager-factory', replacement: MANAGER },
  createWebSocketManagerSync: { entry: 'websocket-manager-factory', replacement: MANAGER },
  getWebSocketManagerFactory: { entry: 'websocket-manager-factory', replacement: MANAGER },
  WebSocketManagerFactory: { entry: 'websocket-manager-factory', replacement: MANAGER },
  createDefensiveUserExecutionContext: {
    entry: 'websocket-manager-factory',
    replacement: `a { userId, threadId, runId } built from the authenticated handshake, passed to ${RUN}`,
  },
  createTestUserContext: { entry: 'websocket-manager-factory', replacement: 'a plain { userId, threadId, runId } object' },
  ConnectionLifecycleManager: {
    entry: 'websocket-manager-factory',
    replacement: 'none needed: the EmitterServer tracks its connections (getDefaultEmitterServer().metrics())',
  },
  validateWebSocketComponentHealth: { entry: 'websocket-manager-factory', replacement: 'getDefaultEmitterServer().metrics()' },
  validateSsotUserContext: {
    entry: 'websocket-manager-factory',
    replacement: `${RUN}, which validates the identity (EventValidationError)`,
  },
  validateSsotUserContextStagingSafe: {
    entry: 'websocket-manager-factory',
    replacement: `${RUN}, which validates the identity (EventValidationError)`,
  },
  // websocket-core/websocket-manager, unified-manager, manager
  getWebSocketManager: { entry: 'websocket-manager', replacement: MANAGER },
  WebSocketManager: { entry: 'websocket-manager', replacement: MANAGER },
  // websocket-core/unified-emitter
  UnifiedWebSocketEmitter: { entry: 'unified-emitter', replacement: RUN_EVENTS },
  WebSocketEmitterFactory: { entry: 'unified-emitter', replacement: `${RUN} (a free, stateless handle)` },
  WebSocketEmitterPool: { entry: 'unified-emitter', replacement: `${RUN} (handles need no pool)` },
  AuthenticationWebSocketEmitter: {
    entry: 'unified-emitter',
    replacement: "getDefaultEmitterServer().notifyUser(userId, 'auth_completed', data)",
  },
  // websocket-core/handlers, auth
  ErrorHandler: {
    entry: 'handlers',
    replacement: 'none (broadcast() never sent anything); getDefaultEmitterServer().notifyUser(userId, type, data) to message a user',
  },
  AuthHandler: {
    entry: 'auth',
    replacement: 'none (broadcast() never sent anything); getDefaultEmitterServer().notifyUser(userId, type, data) to message a user',
  },
  // services/agent-websocket-bridge
  AgentWebSocketBridge: { entry: 'agent-websocket-bridge', replacement: RUN_EVENTS },
  createAgentWebSocketBridge: { entry: 'agent-websocket-bridge', replacement: RUN_EVENTS },
  getAgentWebSocketBridge: { entry: 'agent-websocket-bridge', replacement: RUN_EVENTS },
  WebSocketNotifier: { entry: 'agent-websocket-bridge', replacement: RUN_EVENTS },
  // agents/mixins/websocket-bridge-adapter
  AgentWebSocketBridgeAdapter: { entry: 'websocket-bridge-adapter', replacement: RUN_EVENTS },
  // factories/websocket-bridge-factory
  StandardWebSocketBridge: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  createStandardWebSocketBridge: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  createAgentBridgeAdapter: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  createEmitterBridgeAdapter: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  createManagerBridgeAdapter: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  LegacyStandardBridgeAdapter: { entry: 'websocket-bridge-factory', replacement: RUN_EVENTS },
  // services/websocket/transparent-websocket-events
  createTransparentEmitter: { entry: 'transparent-websocket-events', replacement: RUN_EVENTS },
  // agents/data/unified-data-agent
  emitWebSocketEvent: { entry: 'unified-data-agent', replacement: `${RUN}.emit(type, payload)` },
  // agents/base/executor
  notifyPhaseStart: { entry: 'executor', replacement: `${RUN}.toolExecuting({ agentName, toolName: phase.name })` },
  notifyPhaseComplete: { entry: 'executor', replacement: `${RUN}.toolCompleted({ agentName, toolName, toolCallId, result })` },
  notifyPhaseError: { entry: 'executor', replacement: `${RUN}.toolCompleted({ agentName, toolName, toolCallId, error })` },
} as const satisfies Record<string, { entry: string; replacement: string }>;

export type LegacySymbol = keyof typeof LEGACY_SYMBOLS;

/** `createWebSocketManager` -> `UNIFIED_WS_DEP_CREATE_WEBSOCKET_MANAGER`. */
export function warningCode(symbol: LegacySymbol): string {
  const words = symbol.replace(/WebSocket/g, 'Websocket').replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return `UNIFIED_WS_DEP_${words.toUpperCase()}`;
}
