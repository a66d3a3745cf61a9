import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';
import { getWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager';
import { WebSocketManagerMode } from '@unified-ws/legacy-compat/unified-manager';
import { WebSocketManager } from '@unified-ws/legacy-compat/manager';
import type { WebSocketManagerProtocol } from '@unified-ws/legacy-compat/protocols';
import { CRITICAL_EVENTS } from '@unified-ws/legacy-compat/unified-emitter';
import { ErrorHandler } from '@unified-ws/legacy-compat/handlers';
import { AuthHandler } from '@unified-ws/legacy-compat/auth';
import { createAgentWebSocketBridge } from '@unified-ws/legacy-compat/agent-websocket-bridge';
import { AgentWebSocketBridgeAdapter } from '@unified-ws/legacy-compat/websocket-bridge-adapter';
import { createStandardWebSocketBridge } from '@unified-ws/legacy-compat/websocket-bridge-factory';
import { createTransparentEmitter } from '@unified-ws/legacy-compat/transparent-websocket-events';
import { emitWebSocketEvent } from '@unified-ws/legacy-compat/unified-data-agent';
import { notifyPhaseStart } from '@unified-ws/legacy-compat/executor';

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
