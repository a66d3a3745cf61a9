// Path aliases and package subpaths are matched by the same patterns as relative paths.
import { AgentWebSocketBridge } from '@unified-ws/legacy-compat/agent-websocket-bridge';
import { notifyPhaseStart } from '@unified-ws/legacy-compat/executor';

export const kept = [AgentWebSocketBridge, notifyPhaseStart];
