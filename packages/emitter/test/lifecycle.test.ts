import { describe, expect, it } from 'vitest';
import { LifecycleError, RunClosedError } from '../src/errors.js';
import { applyTransition, checkTransition, initialLifecycleState, type LifecycleInput } from '../src/lifecycle.js';

type Step = LifecycleInput;
const started: Step = { type: 'agent_started' };
const thinking: Step = { type: 'agent_thinking' };
const exec = (toolCallId: string): Step => ({ type: 'tool_executing', toolCallId });
const done = (toolCallId: string): Step => ({ type: 'tool_completed', toolCallId });
const complete = (status = 'succeeded'): Step => ({ type: 'agent_completed', status });

function play(steps: Step[]): void {
  const state = initialLifecycleState();
  for (const step of steps) {
    checkTransition(state, 'r', step);
    applyTransition(state, step);
  }
}

describe('run lifecycle', () => {
  it.each<[string, Step[]]>([
    ['started then completed', [started, complete()]],
    ['thinking and two interleaved tool calls', [started, thinking, exec('a'), exec('b'), done('b'), thinking, done('a'), complete()]],
    ['failure with a tool call still executing', [started, exec('a'), complete('failed')]],
    ['cancellation with a tool call still executing', [started, exec('a'), complete('cancelled')]],
  ])('allows %s', (_, steps) => {
    expect(() => play(steps)).not.toThrow();
  });

  it.each<[string, Step[], string]>([
    ['thinking first', [thinking], 'not_started'],
    ['a tool first', [exec('a')], 'not_started'],
    ['completion first', [complete()], 'not_started'],
    ['two starts', [started, started], 'already_started'],
    ['completing an unknown tool call', [started, done('a')], 'tool_not_executing'],
    ['completing a tool call twice', [started, exec('a'), done('a'), done('a')], 'tool_not_executing'],
    ['reusing a toolCallId', [started, exec('a'), done('a'), exec('a')], 'tool_call_reused'],
    ['success with a tool call executing', [started, exec('a'), complete()], 'tools_still_executing'],
  ])('rejects %s', (_, steps, rule) => {
    let error: unknown;
    try {
      play(steps);
    } catch (failure) {
      error = failure;
    }
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as LifecycleError).rule).toBe(rule);
  });

  it.each<[string, Step]>([
    ['thinking', thinking],
    ['a second completion', complete()],
    ['a new start', started],
  ])('closes the run to %s after agent_completed', (_, step) => {
    expect(() => play([started, complete(), step])).toThrow(RunClosedError);
  });
});
