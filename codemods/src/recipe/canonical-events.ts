/** The five run events of @unified-ws/emitter, as the recipe names them. */
export const CANONICAL_EVENT_TYPES = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'] as const;

export type CanonicalEventType = (typeof CANONICAL_EVENT_TYPES)[number];
