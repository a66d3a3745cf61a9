import { getDefaultEmitterServer, type EmitterMetricsSnapshot } from '@unified-ws/emitter';
import { deprecated } from '../core/deprecation.js';

export type ComponentHealth = {
  status: 'healthy' | 'degraded';
  components: {
    websocketManager: 'healthy' | 'no_server';
    factoryFunctions: 'healthy';
    userContextValidation: 'healthy';
    ssotCompliance: 'healthy';
  };
  /** the default EmitterServer's metrics; absent without one */
  metrics: EmitterMetricsSnapshot | undefined;
  /** ISO-8601 */
  timestamp: string;
  version: string;
  mode: 'compatibility';
};

/**
 * Legacy returned a hard-coded "healthy". This answers from the real state: healthy when a
 * default EmitterServer is registered (the import probes of §c F17 keep their meaning).
 */
export function validateWebSocketComponentHealth(): ComponentHealth {
  deprecated('validateWebSocketComponentHealth');
  let metrics: EmitterMetricsSnapshot | undefined;
  try {
    metrics = getDefaultEmitterServer().metrics();
  } catch {
    metrics = undefined;
  }
  return {
    status: metrics ? 'healthy' : 'degraded',
    components: {
      websocketManager: metrics ? 'healthy' : 'no_server',
      factoryFunctions: 'healthy',
      userContextValidation: 'healthy',
      ssotCompliance: 'healthy',
    },
    metrics,
    timestamp: new Date().toISOString(),
    version: '1',
    mode: 'compatibility',
  };
}
