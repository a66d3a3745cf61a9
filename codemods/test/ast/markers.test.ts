import MagicString from 'magic-string';
import { describe, expect, it } from 'vitest';
import { findMarkers, MarkerWriter } from '../../src/ast/markers.js';
import { parseSource, ts } from '../../src/ast/parse.js';

function mark(text: string, rule = 'rule-a') {
  const sourceFile = parseSource('a.ts', text);
  const edits = new MagicString(text);
  const writer = new MarkerWriter(sourceFile, edits);
  const call = (sourceFile.statements.at(-1) as ts.ExpressionStatement).expression;
  writer.mark(call, rule, 'why');
  writer.mark(call, 'rule-b', 'a second rule on the same statement');
  return { output: edits.toString(), sites: writer.sites };
}

describe('MarkerWriter', () => {
  it('puts one marker above the statement, indented like it, and reports it', () => {
    const { output, sites } = mark('function f() {}\n  f();\n');
    expect(output).toBe('function f() {}\n  // @unified-ws-migrate-todo(rule-a): why\n  f();\n');
    expect(sites).toEqual([{ rule: 'rule-a', reason: 'why', line: 2, added: true }]);
  });

  it('finds the marker an earlier run placed and does not add it again (CRLF files too)', () => {
    const once = mark('f();\r\n').output;
    expect(once).toBe('// @unified-ws-migrate-todo(rule-a): why\r\nf();\r\n');
    const twice = mark(once);
    expect(twice.output).toBe(once);
    expect(twice.sites).toEqual([{ rule: 'rule-a', reason: 'why', line: 2, added: false }]);
    expect(findMarkers(once)).toEqual([{ rule: 'rule-a', reason: 'why', line: 1 }]);
  });
});
