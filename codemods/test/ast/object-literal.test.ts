import { describe, expect, it } from 'vitest';
import { rewriteObjectLiteral } from '../../src/ast/object-literal.js';
import { parseSource, ts } from '../../src/ast/parse.js';

function literal(text: string) {
  const sourceFile = parseSource('a.ts', `const x = ${text};`);
  const declaration = (sourceFile.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
  const object = declaration.initializer as ts.ObjectLiteralExpression;
  const property = (key: string) => object.properties.find((candidate) => candidate.name?.getText(sourceFile) === key)!;
  return { sourceFile, object, property };
}

describe('rewriteObjectLiteral', () => {
  it('renames keys (shorthand included), removes properties and keeps the separators well formed', () => {
    const { sourceFile, object, property } = literal("{ type: 'x', agent_name: name, thought, extra: 1 }");
    const text = rewriteObjectLiteral(object, sourceFile, {
      rename: new Map([
        [property('agent_name'), 'agentName'],
        [property('thought'), 'reasoning'],
      ]),
      remove: new Set([property('type'), property('extra')]),
    });
    expect(text).toBe('{ agentName: name, reasoning: thought }');
  });

  it('appends after the last kept property, one per line in a multi-line literal, keeping its comments', () => {
    const { sourceFile, object, property } = literal(`{
  // who
  agent_name: 'a',
  timestamp: Date.now(),
}`);
    const text = rewriteObjectLiteral(object, sourceFile, {
      remove: new Set([property('timestamp')]),
      append: [['status', "'succeeded'"], ['toolCallId', 'toolCallId']],
    });
    expect(text).toBe(`{
  // who
  agent_name: 'a',
  status: 'succeeded',
  toolCallId,
}`);
  });

  it('returns undefined when nothing is left, and builds a literal when only appends are', () => {
    const { sourceFile, object, property } = literal("{ type: 'x' }");
    expect(rewriteObjectLiteral(object, sourceFile, { remove: new Set([property('type')]) })).toBeUndefined();
    expect(rewriteObjectLiteral(object, sourceFile, { remove: new Set([property('type')]), append: [['a', '1']] })).toBe('{ a: 1 }');
  });
});
