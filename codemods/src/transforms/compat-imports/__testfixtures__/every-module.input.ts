import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import { getWebSocketManager } from '../websocket-core/websocket-manager.js';
import { WebSocketManagerMode } from '../websocket-core/unified-manager.js';
import { WebSocketManager } from '../websocket-core/manager.js';
import type { WebSocketManagerProtocol } from '../websocket-core/protocols.js';
import { CRITICAL_EVENTS } from '../websocket-core/unified-emitter.js';
import { ErrorHandler } from '../websocket-core/handlers.js';
import { AuthHandler } from '../websocket-core/auth.js';
import { createAgentWebSocketBridge } from '../services/agent-websocket-bridge.js';
import { AgentWebSocketBridgeAdapter } from '../agents/mixins/websocket-bridge-adapter.js';
import { createStandardWebSocketBridge } from '../factories/websocket-bridge-factory.js';
import { createTransparentEmitter } from '../services/websocket/transparent-websocket-events.js';
import { emitWebSocketEvent } from '../agents/data/unified-data-agent.js';
import { notifyPhaseStart } from '../agents/base/executor.js';

export type Protocol = WebSocketManagerProtocol;
export const everything = [
  createWebSocketManager,
  getWebSocketManager,
  WebSocketManagerMode,
  WebSocketManager,
  CRITICAL_EVENTS,
  ErrorHandler,
  AuthHandler,
  createAgentWebSocketBridge,
  AgentWebSocketBridgeAdapter,
  createStandardWebSocketBridge,
  createTransparentEmitter,
  emitWebSocketEvent,
  notifyPhaseStart,
];
