import { isRecord } from '../core/payload-mapping.js';

export interface FactoryMetricsData {
  emittersCreated: number;
  emittersActive: number;
  emittersCleaned: number;
  eventsSentTotal: number;
  eventsFailedTotal: number;
  /** ISO-8601 */
  createdAt: string;
  ssotRedirect: boolean;
}

export interface ManagerMetricsData {
  managersCreated: number;
  managersActive: number;
  managersCleaned: number;
  connectionsTotal: number;
  connectionsActive: number;
  /** ISO-8601 */
  createdAt: string;
}

/** The legacy factory's plain data holder (a class, so `instanceof` checks keep working). */
export class FactoryMetrics implements FactoryMetricsData {
  emittersCreated = 0;
  emittersActive = 0;
  emittersCleaned = 0;
  eventsSentTotal = 0;
  eventsFailedTotal = 0;
  createdAt = new Date().toISOString();
  ssotRedirect = true;

  constructor(init: Partial<FactoryMetricsData> = {}) {
    Object.assign(this, init);
  }

  /** Reads camelCase or the legacy snake_case `to_dict()` keys. */
  static fromJSON(data: unknown): FactoryMetrics {
    return new FactoryMetrics(camelCased(data) as Partial<FactoryMetricsData>);
  }

  toJSON(): FactoryMetricsData {
    return { ...this };
  }
}

export class ManagerMetrics implements ManagerMetricsData {
  managersCreated = 0;
  managersActive = 0;
  managersCleaned = 0;
  connectionsTotal = 0;
  connectionsActive = 0;
  createdAt = new Date().toISOString();

  constructor(init: Partial<ManagerMetricsData> = {}) {
    Object.assign(this, init);
  }

  static fromJSON(data: unknown): ManagerMetrics {
    return new ManagerMetrics(camelCased(data) as Partial<ManagerMetricsData>);
  }

  toJSON(): ManagerMetricsData {
    return { ...this };
  }
}

function camelCased(data: unknown): Record<string, unknown> {
  if (!isRecord(data)) return {};
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), value]),
  );
}
