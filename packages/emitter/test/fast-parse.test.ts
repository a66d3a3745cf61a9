import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastParser, UNDECIDED } from '../src/fast-parse.js';
import { PAYLOAD_SCHEMAS, UsageSchema } from '../src/protocol.js';
import { runFixture } from './run-fixture.js';
import { seededRandom } from './seeded-random.js';

/** The fast path against zod itself on generated inputs: it may only ever say what zod says. */

const STRINGS = ['', ' ', '\t', 'a', ' a', 'a ', 'planner', 'x'.repeat(200), 'x'.repeat(201), ` ${'x'.repeat(199)}`, 'é', 'succeeded', 'failed', 'timed_out', 'SUCCEEDED'];
const NUMBERS = [0, -0, -1, 1, 0.5, 42, 100, 100.5, 101, Number.NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 - 1, 1e-9, -1e-9];
const OTHERS = [undefined, null, true, false, [], [1], {}, { a: 1 }, { inputTokens: 1, outputTokens: 2, costUsd: 0.1 }, { inputTokens: 1.5, outputTokens: 2, costUsd: 0 }, { inputTokens: 1, outputTokens: 2, costUsd: 0, extra: 1 }, { inputTokens: 1, outputTokens: 2 }];
const POOL = [...STRINGS, ...NUMBERS, ...OTHERS];

const VALID: Record<string, Record<string, unknown>> = {
  agent_started: { agentName: 'planner', message: 'hi' },
  agent_thinking: { agentName: 'planner', reasoning: 'step', stepNumber: 3, progress: 50 },
  tool_executing: { agentName: 'planner', toolName: 'search', toolCallId: 'call_1' },
  tool_completed: { agentName: 'planner', toolName: 'search', toolCallId: 'call_1', result: { hits: [1, 2] }, durationMs: 12.5 },
  agent_completed: { agentName: 'planner', status: 'succeeded', durationMs: 10, usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.01 } },
  usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.01 },
};

const SCHEMAS: Record<string, z.core.$ZodType> = { ...PAYLOAD_SCHEMAS, usage: UsageSchema };

/** Keys in order, recursively, `undefined` values included: what JSON.stringify would hide. */
function shape(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(shape);
  return Object.entries(value).map(([key, inner]) => [key, shape(inner)]);
}

function mutate(base: Record<string, unknown>, keys: readonly string[], random: () => number): unknown {
  const roll = random();
  if (roll < 0.03) return POOL[Math.floor(random() * POOL.length)];
  const input: Record<string, unknown> = { ...base };
  const changes = Math.floor(random() * 3);
  for (let change = 0; change < changes; change += 1) {
    const key = random() < 0.1 ? 'unexpected' : (keys[Math.floor(random() * keys.length)] as string);
    if (random() < 0.2) delete input[key];
    else input[key] = POOL[Math.floor(random() * POOL.length)];
  }
  return input;
}

describe('fastParser', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`agrees with zod on ${name}: same output when it decides, and it decides the common valid case`, () => {
      const fast = fastParser(schema);
      const keys = Object.keys((schema._zod.def as unknown as { shape: object }).shape);
      const random = seededRandom(0x5eed + name.length);
      const base = VALID[name] as Record<string, unknown>;
      let valid = 0;
      let decided = 0;
      for (let index = 0; index < 3000; index += 1) {
        const input = index === 0 ? base : mutate(base, keys, random);
        const byZod = z.safeParse(schema, input);
        const byFast = fast(input);
        if (byZod.success) valid += 1;
        if (byFast === UNDECIDED) continue;
        decided += 1;
        expect(byZod.success, `zod rejects what the fast path accepted: ${JSON.stringify(input)}`).toBe(true);
        expect(shape(byFast)).toEqual(shape(byZod.data));
        expect(JSON.stringify(byFast)).toBe(JSON.stringify(byZod.data));
      }
      expect(fast(base)).not.toBe(UNDECIDED);
      // Both kinds of input were met, and the fast path took most of the valid ones.
      expect(valid).toBeGreaterThan(300);
      expect(valid).toBeLessThan(2900);
      expect(decided / valid).toBeGreaterThan(0.6);
    });
  }

  it('returns a copy: the caller changing its payload later does not change the parsed one', () => {
    const input = { agentName: 'planner', reasoning: 'step' };
    const parsed = fastParser(PAYLOAD_SCHEMAS.agent_thinking)(input);
    input.reasoning = 'changed';
    expect(parsed).toEqual({ agentName: 'planner', reasoning: 'step' });
  });

  it('decides for field names that are not identifiers, as zod does', () => {
    // The parser is generated code: each field name is a string literal in it.
    const schema = z.strictObject({ 'tool-name': z.string(), 'say "hi" \\': z.number().optional(), '\u2028': z.string().optional() });
    const input = { 'tool-name': 'search', 'say "hi" \\': 2, '\u2028': 'x' };
    expect(fastParser(schema)(input)).toEqual(z.parse(schema, input));
    expect(fastParser(schema)({ ...input, 'tool-name': 1 })).toBe(UNDECIDED);
    expect(fastParser(schema)({ ...input, toolName: 'search' })).toBe(UNDECIDED);
  });

  it('steps aside for zod in a process that may not generate code from strings', async () => {
    const { code, output } = await runFixture('no-code-generation.ts', ['--disallow-code-generation-from-strings']);
    expect(code).toBe(0);
    expect(JSON.parse(output ?? '{}')).toEqual({
      fastDecided: false,
      draft: { type: 'agent_thinking', payload: { agentName: 'planner', reasoning: 'step', stepNumber: 3 } },
      invalid: { code: 'ERR_UWS_VALIDATION', field: 'payload.reasoning' },
    });
  });

  it('leaves to zod a string its transform would change, and every construct it does not know', () => {
    expect(fastParser(PAYLOAD_SCHEMAS.agent_thinking)({ agentName: ' planner ', reasoning: 'step' })).toBe(UNDECIDED);
    const unknownConstructs: z.core.$ZodType[] = [
      z.object({ a: z.string() }),
      z.strictObject({ a: z.email() }),
      z.strictObject({ a: z.string().check(z.email()) }),
      z.strictObject({ a: z.record(z.string(), z.unknown()) }),
      z.strictObject({ a: z.literal('a') }),
      z.strictObject({ a: z.string().regex(/a/) }),
      z.strictObject({ a: z.union([z.string(), z.number()]) }),
      z.strictObject({ a: z.string().default('x') }),
      z.strictObject({ a: z.string().optional().default('x') }),
      z.strictObject({ a: z.number().refine((value) => value > 1) }),
      z.strictObject({ a: z.coerce.number() }),
      z.strictObject({ a: z.number().int().max(3).multipleOf(2) }),
    ];
    for (const schema of unknownConstructs) expect(fastParser(schema)({ a: 'a' }), JSON.stringify(schema._zod.def)).toBe(UNDECIDED);
    expect(fastParser(z.strictObject({ a: z.string().min(1) }))({ a: 'a' })).toEqual({ a: 'a' });
  });
});
