import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildJsonSchema, renderJsonSchema } from '../src/json-schema.js';

it('ships a JSON Schema that matches the zod schemas (run `npm run schema -w @unified-ws/emitter` if not)', () => {
  const shipped = readFileSync(new URL('../schema/agent-events.schema.json', import.meta.url), 'utf8');
  expect(shipped).toBe(renderJsonSchema());
});

it('describes every event type and the strict envelope', () => {
  const schema = buildJsonSchema() as { $defs: Record<string, { oneOf?: Array<{ properties: Record<string, { const?: string }> }> }> };
  const variants = schema.$defs['AgentEvent']!.oneOf!;
  expect(variants.map((variant) => variant.properties['type']!.const)).toEqual([
    'agent_started',
    'agent_thinking',
    'tool_executing',
    'tool_completed',
    'agent_completed',
  ]);
  expect(Object.keys(variants[0]!.properties).sort()).toEqual(
    ['critical', 'id', 'payload', 'runId', 'seq', 'threadId', 'ts', 'type', 'userId', 'v'].sort(),
  );
});
