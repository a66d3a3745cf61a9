import { z } from 'zod';
import {
  AckMessageSchema,
  AgentEventSchema,
  PAYLOAD_SCHEMAS,
  PROTOCOL_VERSION,
  ResumeRequestSchema,
  ResumeResponseSchema,
  UserEventSchema,
  WIRE,
} from './protocol.js';

/**
 * The JSON Schema of wire protocol v1, generated from the zod schemas so it cannot drift.
 * `npm run schema -w @unified-ws/emitter` writes it to `schema/agent-events.schema.json`,
 * and a test fails when the file is stale.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const of = (schema: z.ZodType) => {
    // Each definition sits inside one document, which declares $schema once.
    const definition: Record<string, unknown> = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });
    delete definition['$schema'];
    return definition;
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://unified-ws.dev/schema/agent-events.v${PROTOCOL_VERSION}.json`,
    title: `unified-ws agent events, wire protocol v${PROTOCOL_VERSION}`,
    description: [
      `socket.io v4, namespace /agent-events. Server -> client: '${WIRE.event}' (one AgentEvent),`,
      `'${WIRE.events}' (an array of AgentEvent in emit order), '${WIRE.userEvent}' (UserEvent).`,
      `Client -> server: '${WIRE.ack}' (AckMessage), '${WIRE.resume}' (ResumeRequest, answered with ResumeResponse).`,
    ].join(' '),
    $defs: {
      AgentEvent: of(AgentEventSchema),
      UserEvent: of(UserEventSchema),
      AckMessage: of(AckMessageSchema),
      ResumeRequest: of(ResumeRequestSchema),
      ResumeResponse: of(ResumeResponseSchema),
      AgentStartedPayload: of(PAYLOAD_SCHEMAS.agent_started),
      AgentThinkingPayload: of(PAYLOAD_SCHEMAS.agent_thinking),
      ToolExecutingPayload: of(PAYLOAD_SCHEMAS.tool_executing),
      ToolCompletedPayload: of(PAYLOAD_SCHEMAS.tool_completed),
      AgentCompletedPayload: of(PAYLOAD_SCHEMAS.agent_completed),
    },
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
