import { getDefaultEmitterServer, type EmitterMetricsSnapshot } from '@unified-ws/emitter';
import { config } from '../core/config.js';
import { deprecated } from '../core/deprecation.js';

export type ComponentHealth = {
  status: 'healthy' | 'degraded';
  components: {
    /** `available`: a default EmitterServer is registered; `detached`: none, legacy calls use the stand-in; `unavailable`: none, and legacy calls fail */
    websocketManager: 'available' | 'detached' | 'unavailable';
    factoryFunctions: 'available';
    userContextValidation: 'working';
    ssotCompliance: 'redirect';
  };
  /** the default EmitterServer's metrics; absent without one */
  metrics: EmitterMetricsSnapshot | undefined;
  /** ISO-8601 */
  timestamp: string;
  version: string;
  mode: 'compatibility';
};

/**
 * Legacy returned a hard-coded "healthy". This answers from the real state, in the legacy
 * shape: healthy while legacy calls work, that is with a registered default EmitterServer,
 * or without one in `detached` mode (tests, scripts); degraded when they would throw
 * (`whenNoServer: 'fail'`, the production default). Import probes keep their meaning.
 */
export function validateWebSocketComponentHealth(): ComponentHealth {
  deprecated('validateWebSocketComponentHealth');
  let metrics: EmitterMetricsSnapshot | undefined;
  try {
    metrics = getDefaultEmitterServer().metrics();
  } catch {
    metrics = undefined;
  }
  const fails = (config.whenNoServer ?? (process.env['NODE_ENV'] === 'production' ? 'fail' : 'detached')) === 'fail';
  const websocketManager = metrics ? 'available' : fails ? 'unavailable' : 'detached';
  return {
    status: websocketManager === 'unavailable' ? 'degraded' : 'healthy',
    components: { websocketManager, factoryFunctions: 'available', userContextValidation: 'working', ssotCompliance: 'redirect' },
    metrics,
    timestamp: new Date().toISOString(),
    version: '1.0.0-compat',
    mode: 'compatibility',
  };
}
