/**
 * One message a client received, reduced to what the scoring needs. Two wires reach a client:
 * the legacy one (socket.io event `message`, shapes F, N and D with snake_case fields) and
 * protocol v1 (`agent_event`, `agent_events`, `user_event` on `/agent-events`).
 */
export interface ReceivedFrame {
  channel: 'legacy' | 'v1';
  /** The `type` the client sees: what it would switch on. */
  type: string;
  runId?: string;
  /** The user the frame says it is for, when it says so. */
  userId?: string;
  toolName?: string;
  stepNumber?: number;
  /** The user whose client received it. */
  receivedBy: string;
  /** Arrival position across everything this harness received, all clients together. */
  order: number;
}

type Fields = Omit<ReceivedFrame, 'receivedBy' | 'order'>;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(...candidates: unknown[]): string | undefined {
  return candidates.find((value): value is string => typeof value === 'string' && value.length > 0);
}

function integer(...candidates: unknown[]): number | undefined {
  return candidates.find((value): value is number => typeof value === 'number' && Number.isInteger(value));
}

/** A legacy `message`: its fields may sit at the top, in `payload`, in `data` or in `metadata`. */
export function normalizeLegacyMessage(message: unknown): Fields {
  const top = record(message);
  const payload = record(top['payload']);
  const data = record(top['data']);
  const metadata = record(top['metadata']);
  return {
    channel: 'legacy',
    type: text(top['type']) ?? '(no type)',
    runId: text(top['run_id'], payload['run_id'], data['run_id'], top['runId']),
    userId: text(top['user_id'], data['user_id'], top['userId']),
    toolName: text(top['tool_name'], payload['tool_name'], data['tool_name'], metadata['tool_name']),
    stepNumber: integer(top['step_number'], metadata['step_number'], payload['step_number'], data['step_number']),
  };
}

/** A protocol v1 envelope (`agent_event`, or one element of `agent_events`). */
export function normalizeEnvelope(envelope: unknown): Fields {
  const top = record(envelope);
  const payload = record(top['payload']);
  return {
    channel: 'v1',
    type: text(top['type']) ?? '(no type)',
    runId: text(top['runId']),
    userId: text(top['userId']),
    toolName: text(payload['toolName']),
    stepNumber: integer(payload['stepNumber']),
  };
}

/** A v1 `user_event`: never part of a run. */
export function normalizeUserEvent(event: unknown): Fields {
  const top = record(event);
  return { channel: 'v1', type: text(top['type']) ?? '(no type)', userId: text(top['userId']) };
}
