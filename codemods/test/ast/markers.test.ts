import MagicString from 'magic-string';
import { describe, expect, it } from 'vitest';
import { findMarkerComments, findMarkers, MarkerWriter, markersAbove } from '../../src/ast/markers.js';
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

describe('markersAbove and findMarkerComments', () => {
  const text = [
    'class A {',
    '  // @unified-ws-migrate-todo(rule-a): on the member',
    '  m() {',
    '    // a plain comment',
    '    // @unified-ws-migrate-todo(rule-b): on the statement',
    '    f(1, 2);',
    '    const s = "// @unified-ws-migrate-todo(rule-c): a string, not a marker";',
    '  }',
    '}',
    '',
  ].join('\n');
  const sourceFile = parseSource('a.ts', text);
  const method = (sourceFile.statements[0] as ts.ClassDeclaration).members[0] as ts.MethodDeclaration;
  const [call, declaration] = method.body!.statements;

  it('reads the markers that speak for the statement or member holding a node', () => {
    expect(markersAbove(sourceFile, (call as ts.ExpressionStatement).expression)).toEqual([{ rule: 'rule-b', reason: 'on the statement', line: 5 }]);
    expect(markersAbove(sourceFile, method.name)).toEqual([{ rule: 'rule-a', reason: 'on the member', line: 2 }]);
    expect(markersAbove(sourceFile, declaration!)).toEqual([]);
  });

  it('lists the markers that are comments only', () => {
    expect(findMarkerComments(sourceFile).map((marker) => marker.rule)).toEqual(['rule-a', 'rule-b']);
    expect(findMarkers(text).map((marker) => marker.rule)).toEqual(['rule-a', 'rule-b', 'rule-c']);
  });
});
