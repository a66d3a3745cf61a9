import { describe, expect, it } from 'vitest';
import { GOLDEN_PATH_SCRIPT } from '../src/golden-path-script.js';
import type { ReceivedFrame } from '../src/received-frame.js';
import { scoreRun } from '../src/score-run.js';

type Frame = Partial<ReceivedFrame> & { type: string };

/** The script's events as a correct service sends them, one frame each. */
const PERFECT: Frame[] = GOLDEN_PATH_SCRIPT.map((event) => ({ type: event.type, toolName: event.toolName, stepNumber: event.stepNumber }));

function frames(list: readonly Frame[], receivedBy = 'usr_a'): ReceivedFrame[] {
  return list.map((frame, order) => ({ channel: 'v1', runId: 'run_1', receivedBy, order, ...frame }));
}

function score(list: readonly Frame[], leaked: readonly Frame[] = []) {
  return scoreRun({ userId: 'usr_a', runId: 'run_1', script: GOLDEN_PATH_SCRIPT, frames: frames(list), leaked: frames(leaked, 'usr_b') });
}

const at = (key: string) => GOLDEN_PATH_SCRIPT.findIndex((event) => event.key === key);
const without = (...keys: string[]) => PERFECT.filter((_, index) => !keys.map(at).includes(index));

describe('scoreRun', () => {
  it('scores a perfect run as delivered, with no problem', () => {
    expect(score(PERFECT)).toMatchObject({ expected: 8, delivered: 8, lost: 0, duplicated: 0, outOfOrder: 0, wrongType: 0, crossUser: 0 });
  });

  it.each([
    ['nothing arrived', [], { delivered: 0, lost: 8 }],
    ['a thought is missing', without('agent_thinking#2'), { delivered: 7, lost: 1 }],
    ['the start came twice', [PERFECT[0]!, ...PERFECT], { duplicated: 1 }],
    ['every event came twice', PERFECT.flatMap((frame) => [frame, frame]), { duplicated: 8, outOfOrder: 0 }],
    ['a completion came after the next tool', [...without('tool_completed:search_knowledge_base'), PERFECT[at('tool_completed:search_knowledge_base')]!], { outOfOrder: 1 }],
    ['the end came first', [PERFECT.at(-1)!, ...PERFECT.slice(0, -1)], { outOfOrder: 7 }],
    ['a thought came typed "reasoning"', [...without('agent_thinking#1'), { type: 'reasoning', stepNumber: 1 }], { lost: 1, wrongType: 1 }],
    ['a tool the agent does not have', [...PERFECT, { type: 'tool_executing', toolName: 'support_agent' }], { wrongType: 1 }],
    ['a step the agent does not take', [...PERFECT, { type: 'agent_thinking', stepNumber: 3 }], { wrongType: 1 }],
  ] as const)('%s', (_, list, expected) => {
    expect(score(list)).toMatchObject(expected);
  });

  it('names what went wrong', () => {
    const run = score([PERFECT[0]!, PERFECT[0]!, { type: 'reasoning', stepNumber: 1 }, ...without('agent_started', 'agent_thinking#1')]);
    expect(run.problems).toEqual({ lost: ['agent_thinking#1'], duplicated: ['agent_started'], outOfOrder: [], wrongType: ['reasoning:#1'], crossUser: [] });
  });

  it('matches thoughts without a step number by their order', () => {
    const unnumbered = PERFECT.map((frame) => ({ ...frame, stepNumber: undefined }));
    expect(score(unnumbered)).toMatchObject({ delivered: 8, duplicated: 0, wrongType: 0 });
  });

  it("counts every frame of the run that reached another user's client", () => {
    const run = score(PERFECT, [PERFECT[0]!, PERFECT.at(-1)!]);
    expect(run.crossUser).toBe(2);
    expect(run.problems.crossUser).toEqual(['agent_started -> usr_b', 'agent_completed -> usr_b']);
  });

  it('uses arrival order, whatever order the frames are given in', () => {
    const shuffled = frames(PERFECT).reverse();
    expect(scoreRun({ userId: 'usr_a', runId: 'run_1', script: GOLDEN_PATH_SCRIPT, frames: shuffled }).outOfOrder).toBe(0);
  });
});
