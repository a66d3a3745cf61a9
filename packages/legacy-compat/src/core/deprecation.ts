import { LEGACY_SYMBOLS, warningCode, type LegacySymbol } from './catalog.js';
import { LegacyStrictModeError } from './errors.js';

/** A deprecated API as counted: a symbol (`createWebSocketManager`) or one of its members (`WebSocketManager.sendToUser`). */
export type LegacyApi = LegacySymbol | `${LegacySymbol}.${string}`;

const calls = new Map<string, number>();
const warned = new Set<LegacySymbol>();
let quietDepth = 0;

/**
 * The first line of every public legacy function and method: counts the call, throws in
 * strict mode (`UNIFIED_WS_LEGACY=throw`, read at each call so tests and canaries can flip
 * it), and warns once per symbol per process with a documented code.
 */
export function deprecated(api: LegacyApi): void {
  if (quietDepth > 0) return;
  calls.set(api, (calls.get(api) ?? 0) + 1);
  const symbol = api.split('.', 1)[0] as LegacySymbol;
  const { replacement, entry } = LEGACY_SYMBOLS[symbol];
  if (process.env['UNIFIED_WS_LEGACY'] === 'throw') throw new LegacyStrictModeError(api, replacement);
  if (warned.has(symbol)) return;
  warned.add(symbol);
  // `node --no-deprecation` silences these like any other DeprecationWarning.
  process.emitWarning(`${symbol} (@unified-ws/legacy-compat/${entry}) is deprecated. Canonical replacement: ${replacement}`, {
    type: 'DeprecationWarning',
    code: warningCode(symbol),
  });
}

/**
 * A legacy class's catalog symbol, as a static member: its methods count and warn as
 * `<symbol>.<member>`. A subclass with its own catalog entry (`AuthenticationWebSocketEmitter`,
 * `LegacyStandardBridgeAdapter`) sets its own, so the members it inherits are reported under
 * the class the caller used, not under its base class.
 */
export const LEGACY_CLASS = Symbol('unified-ws.legacy-compat.legacyClass');

/**
 * Runs `create` without counting the legacy constructors it calls: a shim factory that
 * builds a manager or an emitter is one legacy call, not two.
 */
export function quietly<T>(create: () => T): T {
  quietDepth++;
  try {
    return create();
  } finally {
    quietDepth--;
  }
}

/**
 * Calls per deprecated API since the process started: what is left to migrate. Keys are
 * symbols (`createWebSocketManager`, `UnifiedWebSocketEmitter` for a constructor call) and
 * members (`WebSocketManager.sendToUser`), sorted.
 */
export function getLegacyUsage(): Record<string, number> {
  return Object.fromEntries([...calls].sort(([a], [b]) => a.localeCompare(b)));
}
