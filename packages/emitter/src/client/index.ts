export { createEmitterClient } from './emitter-client.js';
export type { EmitterClient, EmitterClientOptions, EmitterClientStats } from './emitter-client.js';
export { RunSequencer } from './run-sequencer.js';
export {
  AgentEventSchema,
  CRITICAL_EVENTS,
  DEFAULT_NAMESPACE,
  PROTOCOL_VERSION,
  WIRE,
} from '../protocol.js';
export type {
  AgentEvent,
  AgentEventOf,
  AgentEventType,
  ResumeFailureReason,
  ResumeResponse,
  UserEvent,
} from '../protocol.js';
