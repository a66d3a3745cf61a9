import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as agentWebsocketBridge from '../src/agent-websocket-bridge.js';
import * as auth from '../src/auth.js';
import * as executor from '../src/executor.js';
import * as handlers from '../src/handlers.js';
import * as root from '../src/index.js';
import * as manager from '../src/manager.js';
import * as protocols from '../src/protocols.js';
import type { WebSocketManagerProtocol } from '../src/protocols.js';
import * as transparentWebsocketEvents from '../src/transparent-websocket-events.js';
import * as unifiedDataAgent from '../src/unified-data-agent.js';
import * as unifiedEmitter from '../src/unified-emitter.js';
import * as unifiedManager from '../src/unified-manager.js';
import type { ConnectionSocket, LegacyMessage, WebSocketConnection } from '../src/unified-manager.js';
import * as websocketBridgeAdapter from '../src/websocket-bridge-adapter.js';
import * as websocketBridgeFactory from '../src/websocket-bridge-factory.js';
import type { WebSocketBridgeProtocol } from '../src/websocket-bridge-factory.js';
import * as websocketManager from '../src/websocket-manager.js';
import * as websocketManagerFactory from '../src/websocket-manager-factory.js';
import type { IsolatedWebSocketManager, UserExecutionContext } from '../src/websocket-manager-factory.js';
import type { CriticalEventType } from '../src/unified-emitter.js';
import type { WebSocketProtocol } from '../src/protocols.js';

/**
 * The names legacy importers use, per legacy module (reference/legacy-system.md §(f) and
 * docs/legacy-map.md). A compat-mode rewrite only changes the module specifier, so each
 * entry point must export every one of them. Type-only names are checked by the compiler
 * below; the run-time names here.
 */
const CATALOG: Record<string, { module: Record<string, unknown>; names: string[] }> = {
  'websocket-manager-factory': {
    module: websocketManagerFactory,
    names: [
      'createWebSocketManager',
      'createWebSocketManagerSync',
      'getWebSocketManagerFactory',
      'WebSocketManagerFactory',
      'createDefensiveUserExecutionContext',
      'createTestUserContext',
      'ConnectionLifecycleManager',
      'FactoryMetrics',
      'ManagerMetrics',
      'validateWebSocketComponentHealth',
      'validateSsotUserContext',
      'validateSsotUserContextStagingSafe',
      'FactoryInitializationError',
      'WebSocketComponentError',
      'factoryInstance',
      'factoryLock',
      'IsolatedWebSocketManager',
    ],
  },
  'websocket-manager': {
    module: websocketManager,
    names: ['getWebSocketManager', 'WebSocketManager', 'UnifiedWebSocketManager', 'WebSocketConnectionManager', 'WebSocketEventEmitter'],
  },
  'unified-manager': { module: unifiedManager, names: ['WebSocketManagerMode', 'UnifiedWebSocketManagerImplementation'] },
  manager: { module: manager, names: ['WebSocketManager'] },
  protocols: { module: protocols, names: [] },
  'unified-emitter': {
    module: unifiedEmitter,
    names: [
      'UnifiedWebSocketEmitter',
      'WebSocketEventEmitter',
      'UserWebSocketEmitter',
      'IsolatedWebSocketEventEmitter',
      'TransparentWebSocketEmitter',
      'WebSocketEmitterFactory',
      'WebSocketEmitterPool',
      'AuthenticationWebSocketEmitter',
      'CRITICAL_EVENTS',
      'AUTHENTICATION_CRITICAL_EVENTS',
    ],
  },
  handlers: { module: handlers, names: ['ErrorHandler'] },
  auth: { module: auth, names: ['AuthHandler'] },
  'agent-websocket-bridge': {
    module: agentWebsocketBridge,
    names: ['AgentWebSocketBridge', 'createAgentWebSocketBridge', 'WebSocketNotifier', 'getAgentWebSocketBridge'],
  },
  'websocket-bridge-adapter': { module: websocketBridgeAdapter, names: ['WebSocketBridgeAdapter', 'AgentWebSocketBridgeAdapter'] },
  'websocket-bridge-factory': {
    module: websocketBridgeFactory,
    names: [
      'StandardWebSocketBridge',
      'createStandardWebSocketBridge',
      'createAgentBridgeAdapter',
      'createEmitterBridgeAdapter',
      'createManagerBridgeAdapter',
      'WebSocketBridgeAdapter',
      'LegacyStandardBridgeAdapter',
    ],
  },
  'transparent-websocket-events': {
    module: transparentWebsocketEvents,
    names: ['createTransparentEmitter', 'WebSocketEventType', 'TransparentWebSocketEmitter', 'TransparentWebSocketEvents', 'WebSocketEmitterFactory'],
  },
  'unified-data-agent': { module: unifiedDataAgent, names: ['emitWebSocketEvent'] },
  executor: { module: executor, names: ['notifyPhaseStart', 'notifyPhaseComplete', 'notifyPhaseError'] },
};

const packageRoot = path.resolve(import.meta.dirname, '..');

describe('catalog completeness', () => {
  for (const [entry, { module, names }] of Object.entries(CATALOG)) {
    it(`@unified-ws/legacy-compat/${entry} exports every name its legacy importers use`, () => {
      const missing = names.filter((name) => !(name in module) || module[name] === undefined);
      expect(missing).toEqual([]);
    });
  }

  it('keeps the type-only names of the catalog', () => {
    // These fail to compile (typecheck is part of CI) when a type name goes missing.
    const socket: ConnectionSocket = { id: 's', connected: true, emit: () => true };
    const connection: WebSocketConnection = { connectionId: 'c', userId: 'u', socket, connectedAt: new Date() };
    const message: LegacyMessage = { type: 'x' };
    const handle: IsolatedWebSocketManager = new websocketManagerFactory.IsolatedWebSocketManager();
    const protocol: WebSocketManagerProtocol = handle;
    const older: WebSocketProtocol = protocol;
    const context: UserExecutionContext = { userId: 'u', threadId: 't', runId: 'r' };
    const critical: CriticalEventType = 'agent_started';
    expect([older, context.runId, critical]).toEqual([handle, 'r', 'agent_started']);
    const bridge: WebSocketBridgeProtocol = websocketBridgeFactory.createStandardWebSocketBridge({ userId: 'u', threadId: 't', runId: 'r' });
    expect([connection.socket, message.type, typeof protocol.sendToThread, typeof bridge.notifyAgentStarted]).toEqual([
      socket,
      'x',
      'function',
      'function',
    ]);
  });

  it('exports every catalog symbol from the entry the catalog names', () => {
    const byEntry = Object.fromEntries(Object.entries(CATALOG).map(([entry, { module }]) => [entry, module]));
    for (const [symbol, { entry }] of Object.entries(root.LEGACY_SYMBOLS)) {
      const exported = byEntry[entry]?.[symbol] ?? (symbol === 'AgentWebSocketBridgeAdapter' ? byEntry[entry]?.['WebSocketBridgeAdapter'] : undefined);
      expect(exported, `${symbol} from ${entry}`).toBeDefined();
    }
  });

  it('re-exports every entry from the package root (the bridge factory adapter as LegacyStandardBridgeAdapter)', () => {
    for (const [entry, { module }] of Object.entries(CATALOG)) {
      for (const name of Object.keys(module)) {
        if (entry === 'websocket-bridge-factory' && name === 'WebSocketBridgeAdapter') continue;
        expect((root as Record<string, unknown>)[name], `${name} of ${entry}`).toBe(module[name]);
      }
    }
    expect(root.WebSocketBridgeAdapter).toBe(websocketBridgeAdapter.AgentWebSocketBridgeAdapter);
    expect(websocketBridgeFactory.WebSocketBridgeAdapter).toBe(root.LegacyStandardBridgeAdapter);
    for (const name of ['getLegacyUsage', 'getLegacyFailures', 'configureLegacyCompat', 'LegacyStrictModeError', 'NoEmitterServerError']) {
      expect(root).toHaveProperty(name);
    }
  });

  it('package.json exports exactly these entry points, source first, and each source file exists', () => {
    const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './package.json', ...Object.keys(CATALOG).map((entry) => `./${entry}`)].sort());
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target)[0], subpath).toBe('@unified-ws/source');
      expect(existsSync(path.join(packageRoot, target['@unified-ws/source']!)), subpath).toBe(true);
    }
  });

  it('the README documents every entry point and every warning code', () => {
    const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    for (const entry of Object.keys(CATALOG)) expect(readme).toContain(`@unified-ws/legacy-compat/${entry}`);
    for (const symbol of Object.keys(root.LEGACY_SYMBOLS)) expect(readme).toContain(root.warningCode(symbol as root.LegacySymbol));
  });
});
