// The package index defines its own sync createWebSocketManager: a look-alike, not the factory.
// @ts-expect-error the look-alike module is not part of these fixtures
import { createWebSocketManager } from '../websocket-core';
// @ts-expect-error a module that only shares the last path segment
import { helper } from '../utils/websocket-manager-factory-helpers.js';

export const notLegacy = [createWebSocketManager, helper];
