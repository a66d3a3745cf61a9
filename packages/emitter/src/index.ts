export { createEmitterServer, EmitterServer, userRoom } from './emitter-server.js';
export type { EmitterServerOptions, Handshake } from './emitter-server.js';
export { defaultEmitterServerClosed, getDefaultEmitterServer, setDefaultEmitterServer } from './default-server.js';
export { RunEmitter } from './run-emitter.js';
export type { BatchItem, EmitOptions, PayloadInputMap } from './validation.js';
export { memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export type {
  AppendOptions,
  AppendOutcome,
  DrainableAdapter,
  EventDraft,
  EventStore,
  ReadResult,
  RunSnapshot,
  StoreStats,
} from './event-store.js';
export {
  AuthorizationError,
  EmitterError,
  EventValidationError,
  LIFECYCLE_RULES,
  LifecycleError,
  RunChangedError,
  RunClosedError,
} from './errors.js';
export type { LifecycleRule } from './errors.js';
export { ACK_LATENCY_BUCKETS_MS, REJECTION_REASONS } from './metrics.js';
export type { EmitterMetricsSnapshot, LatencyHistogramSnapshot, RejectionReason } from './metrics.js';
export * from './protocol.js';
