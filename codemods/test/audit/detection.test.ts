import { describe, expect, it } from 'vitest';
import { compileDetection } from '../../src/audit/detection.js';
import { scanFile } from '../../src/audit/scan-file.js';
import { compileRecipe, loadRecipe, parseRecipe, type Recipe } from '../../src/recipe/index.js';

const recipe = loadRecipe();
const { detection, ...withoutDetection } = recipe;

describe('the detection vocabulary of the recipe', () => {
  it('is what the audit detects: an event name added to the recipe is detected, with no code change', () => {
    const code = `export function f(socket: any) {\n  socket.emit('agent_error', {});\n}\n`;
    const extended: Recipe = { ...recipe, detection: { ...detection!, eventNames: [...detection!.eventNames, 'agent_error'] } };
    const scan = (with_: Recipe) => scanFile('src/a.ts', code, { recipe: compileRecipe(with_), rules: compileDetection(with_) }).sites.map((site) => site.event);
    expect(scan(recipe)).toEqual([]);
    expect(scan(extended)).toEqual(['agent_error']);
  });

  it('comes from the shipped recipe when a recipe has none', () => {
    const borrowed = compileDetection(parseRecipe(withoutDetection));
    const shipped = compileDetection(recipe);
    expect(borrowed.eventNames).toEqual(shipped.eventNames);
    expect(borrowed.emitterMethod.source).toBe(shipped.emitterMethod.source);
    expect(borrowed.sendingCall.flags).toBe('i');
  });

  it('pre-filters on whole names that fit the emitter-method pattern, the event names and the canonical names', () => {
    const rules = compileDetection(recipe);
    expect(rules.mayHaveSites('class A { async emitAgentStarted() {} }')).toBe(true);
    expect(rules.mayHaveSites('class A { #notifyToolCompleted() {} }')).toBe(true);
    expect(rules.mayHaveSites("log('tool_executing')")).toBe(true);
    expect(rules.mayHaveSites('server.forRun(ctx)')).toBe(true);
    expect(rules.mayHaveSites('reemitAgentStartedX(); emitAgentStartedLater();')).toBe(false);
    expect(rules.mayHaveSites('export const answer = 42;')).toBe(false);
  });

  it('is validated: every canonical event is an event name, patterns compile', () => {
    expect(() => parseRecipe({ ...recipe, detection: { ...detection!, eventNames: ['agent_started'] } })).toThrow(/detection\.eventNames lacks "agent_thinking"/);
    expect(() => parseRecipe({ ...recipe, detection: { ...detection!, emitterMethod: { pattern: '(unclosed' } } })).toThrow(/detection\.emitterMethod\.pattern/);
  });
});
