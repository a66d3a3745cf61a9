import type { AgentEventType } from '@unified-ws/emitter';

/** One event a golden-path run must deliver, with the key that tells repeats of it apart. */
export interface ExpectedEvent {
  key: string;
  type: AgentEventType;
  toolName?: string;
  stepNumber?: number;
}

export const GOLDEN_PATH_AGENT = 'support_agent';
export const GOLDEN_PATH_TOOLS = ['search_knowledge_base', 'draft_reply'] as const;

/**
 * What the golden-path agent of the chat service does for one message, in order: it thinks,
 * searches, thinks again, drafts a reply. A correct service delivers exactly these eight events,
 * once each, in this order, to the user who sent the message and to nobody else.
 */
export const GOLDEN_PATH_SCRIPT: readonly ExpectedEvent[] = [
  { key: 'agent_started', type: 'agent_started' },
  { key: 'agent_thinking#1', type: 'agent_thinking', stepNumber: 1 },
  { key: 'tool_executing:search_knowledge_base', type: 'tool_executing', toolName: 'search_knowledge_base' },
  { key: 'tool_completed:search_knowledge_base', type: 'tool_completed', toolName: 'search_knowledge_base' },
  { key: 'agent_thinking#2', type: 'agent_thinking', stepNumber: 2 },
  { key: 'tool_executing:draft_reply', type: 'tool_executing', toolName: 'draft_reply' },
  { key: 'tool_completed:draft_reply', type: 'tool_completed', toolName: 'draft_reply' },
  { key: 'agent_completed', type: 'agent_completed' },
];
