// Path aliases and package subpaths are matched by the same patterns as relative paths.
import { AgentWebSocketBridge } from '@app/services/agent-websocket-bridge';
import { notifyPhaseStart } from '@legacy/backend/agents/base/executor.js';

export const kept = [AgentWebSocketBridge, notifyPhaseStart];
