import { describe, expect, it } from 'vitest';
import { normalizeEnvelope, normalizeLegacyMessage, normalizeUserEvent } from '../src/received-frame.js';

// The wire shapes of legacy-system.md §b, and protocol v1.
describe('normalizeLegacyMessage', () => {
  it('reads shape F (flat, run fields merged at the top)', () => {
    const flat = { type: 'tool_executing', tool_name: 'search', run_id: 'run_1', user_id: 'usr_a', critical: true, metadata: { user_tier: 'free' } };
    expect(normalizeLegacyMessage(flat)).toEqual({ channel: 'legacy', type: 'tool_executing', runId: 'run_1', userId: 'usr_a', toolName: 'search', stepNumber: undefined });
  });

  it('reads a thought of shape F whose type was overwritten, its step in the metadata', () => {
    expect(normalizeLegacyMessage({ type: 'reasoning', run_id: 'run_1', metadata: { step_number: 2 } })).toMatchObject({ type: 'reasoning', stepNumber: 2 });
  });

  it('reads shape N (nested payload)', () => {
    const nested = { type: 'tool_completed', run_id: 'run_1', user_id: 'usr_a', agent_name: 'a', payload: { tool_name: 'draft', status: 'completed' } };
    expect(normalizeLegacyMessage(nested)).toMatchObject({ type: 'tool_completed', runId: 'run_1', toolName: 'draft' });
  });

  it('reads shape D (data-wrapped)', () => {
    const wrapped = { type: 'tool_executing', data: { run_id: 'run_1', tool_name: 'profile', user_id: 'usr_a' }, connection_id: 'c1' };
    expect(normalizeLegacyMessage(wrapped)).toMatchObject({ runId: 'run_1', toolName: 'profile', userId: 'usr_a' });
  });

  it('survives a message that is not an object', () => {
    expect(normalizeLegacyMessage('hello')).toMatchObject({ type: '(no type)', runId: undefined });
  });
});

describe('protocol v1', () => {
  it('reads an envelope', () => {
    const envelope = { v: 1, id: 'run_1:3', type: 'tool_executing', seq: 3, userId: 'usr_a', threadId: 't', runId: 'run_1', payload: { agentName: 'a', toolName: 'search', toolCallId: 'c' } };
    expect(normalizeEnvelope(envelope)).toEqual({ channel: 'v1', type: 'tool_executing', runId: 'run_1', userId: 'usr_a', toolName: 'search', stepNumber: undefined });
  });

  it('reads a user event as belonging to no run', () => {
    expect(normalizeUserEvent({ v: 1, type: 'thread_renamed', userId: 'usr_a', data: {} })).toEqual({ channel: 'v1', type: 'thread_renamed', userId: 'usr_a' });
  });
});
