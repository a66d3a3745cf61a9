import { eventId, PROTOCOL_VERSION, type AgentEvent, type RunRef } from './protocol.js';

/** The one place an envelope is built, so every store sends the same shape (internal). */
export function buildEnvelope(ref: RunRef, seq: number, type: string, ts: string, payload: unknown): AgentEvent {
  return {
    v: PROTOCOL_VERSION,
    id: eventId(ref.runId, seq),
    type,
    seq,
    userId: ref.userId,
    threadId: ref.threadId,
    runId: ref.runId,
    ts,
    critical: true,
    payload,
  } as AgentEvent;
}
