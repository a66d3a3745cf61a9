export { createEmitterServer, EmitterServer, userRoom } from './emitter-server.js';
export type { EmitterServerOptions, Handshake } from './emitter-server.js';
export { getDefaultEmitterServer, setDefaultEmitterServer } from './default-server.js';
export { RunEmitter } from './run-emitter.js';
export type { BatchItem, EmitOptions, PayloadInputMap } from './validation.js';
export { memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export type { AppendOutcome, EventDraft, EventStore, ReadResult, RunSnapshot, StoreStats } from './event-store.js';
export {
  AuthorizationError,
  EmitterError,
  EventValidationError,
  LIFECYCLE_RULES,
  LifecycleError,
  RunClosedError,
} from './errors.js';
export type { LifecycleRule } from './errors.js';
export { REJECTION_REASONS } from './metrics.js';
export type { EmitterMetricsSnapshot, RejectionReason } from './metrics.js';
export * from './protocol.js';
