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

/** Marks the call to `f` wherever it sits, not only as the file's last statement. */
function markCall(text: string) {
  const sourceFile = parseSource('a.ts', text);
  const edits = new MagicString(text);
  const writer = new MarkerWriter(sourceFile, edits);
  writer.mark(callTo(sourceFile, 'f'), 'rule-a', 'why');
  return { output: edits.toString(), sites: writer.sites };
}

function callTo(sourceFile: ts.SourceFile, name: string): ts.CallExpression {
  const find = (node: ts.Node): ts.CallExpression | undefined =>
    ts.isCallExpression(node) && node.expression.getText(sourceFile) === name ? node : ts.forEachChild(node, find);
  const call = find(sourceFile);
  if (!call) throw new Error(`no call to ${name}`);
  return call;
}

const MARKER = '// @unified-ws-migrate-todo(rule-a): why';

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

  it.each([
    ['a case clause', "switch (k) {\n  case 'a': f(); break;\n}\n", `switch (k) {\n  ${MARKER}\n  case 'a': f(); break;\n}\n`],
    ['a one-line block', 'for (const t of ts) { f(); }\n', `${MARKER}\nfor (const t of ts) { f(); }\n`],
    ['a line that starts with punctuation', 'if (a) {\n  g();\n} else { f(); }\n', `if (a) {\n  g();\n${MARKER}\n} else { f(); }\n`],
  ])('puts the marker of a statement in %s above its line, and finds it there on the next run', (_shape, input, expected) => {
    const once = markCall(input);
    expect(once.output).toBe(expected);
    expect(once.sites.map((site) => site.added)).toEqual([true]);
    const twice = markCall(once.output);
    expect(twice.output).toBe(once.output);
    expect(twice.sites.map((site) => site.added)).toEqual([false]);
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

  it('reads the markers above the line of a statement that does not start it, and only those', () => {
    const lines = [
      '// @unified-ws-migrate-todo(rule-a): on g',
      'g();',
      'switch (k) {',
      '  // @unified-ws-migrate-todo(rule-b): on the case line',
      "  case 'a': f(); break;",
      '}',
      'h(); i();',
      'const s = `a',
      'b`; j();',
      '',
    ];
    const shared = parseSource('b.ts', lines.join('\n'));
    expect(markersAbove(shared, callTo(shared, 'f'))).toEqual([{ rule: 'rule-b', reason: 'on the case line', line: 4 }]);
    expect(markersAbove(shared, callTo(shared, 'i'))).toEqual([]);
    // A line that starts inside a template has no token to lead it: the statement's own comments count.
    expect(markersAbove(shared, callTo(shared, 'j'))).toEqual([]);
  });

  it('lists the markers that are comments only', () => {
    expect(findMarkerComments(sourceFile).map((marker) => marker.rule)).toEqual(['rule-a', 'rule-b']);
    expect(findMarkers(text).map((marker) => marker.rule)).toEqual(['rule-a', 'rule-b', 'rule-c']);
  });
});
