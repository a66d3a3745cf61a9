import { describe, expect, it } from 'vitest';
import { parseSource, ts } from '../../src/ast/parse.js';
import { Scopes } from '../../src/ast/scopes.js';

function setup(text: string) {
  const sourceFile = parseSource('a.ts', text);
  const scopes = new Scopes(sourceFile, new Set([ts.SyntaxKind.CallExpression]));
  const identifiers: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) identifiers.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  /** The n-th identifier with this text (0-based). */
  const id = (name: string, nth = 0) => identifiers.filter((candidate) => candidate.text === name)[nth]!;
  return { sourceFile, scopes, id };
}

describe('Scopes', () => {
  it('resolves references to imports and sees shadowing by parameters, block bindings and catch variables', () => {
    const { scopes, id } = setup(`
import { manager } from 'm';
manager.send();
function f(manager: number) { return manager; }
{ const manager = 1; manager; }
try {} catch (manager) { manager; }
manager.close();
`);
    const imported = scopes.declared(id('manager', 0))!;
    expect(imported.references.map((ref) => ref.getStart())).toEqual([id('manager', 1).getStart(), id('manager', 8).getStart()]);
    expect(scopes.resolve(id('manager', 3))).toBe(scopes.declared(id('manager', 2)));
    expect(scopes.resolve(id('manager', 5))).toBe(scopes.declared(id('manager', 4)));
    expect(scopes.resolve(id('manager', 7))).toBe(scopes.declared(id('manager', 6)));
  });

  it('hoists var and function declarations to their function, and ignores property names and labels', () => {
    const { scopes, id } = setup(`
function outer() { use(later); if (true) { var later = 1; } hoisted(); function hoisted() {} }
const object = { later: 1 }; object.later; outer: for (;;) { break outer; }
`);
    expect(scopes.resolve(id('later', 0))).toBe(scopes.declared(id('later', 1)));
    expect(scopes.resolve(id('hoisted', 0))).toBe(scopes.declared(id('hoisted', 1)));
    expect(scopes.resolve(id('later', 2))).toBeUndefined();
    expect(scopes.resolve(id('later', 3))).toBeUndefined();
    expect(scopes.resolve(id('outer', 2))).toBeUndefined();
  });

  it('reads shorthand properties and export specifiers as references; collects the asked kinds in document order', () => {
    const { scopes, id } = setup(`
import { a, b } from 'm';
export { a as renamed };
const o = { b };
call(one(), two());
`);
    expect(scopes.declared(id('a'))!.references).toHaveLength(1);
    expect(scopes.declared(id('b'))!.references).toHaveLength(1);
    expect(scopes.collected.map((node) => (node as ts.CallExpression).expression.getText())).toEqual(['call', 'one', 'two']);
    expect(scopes.lookup('b', id('o'))).toBe(scopes.declared(id('b')));
  });

  it('gives every node of a tree parsed without parent pointers the parent the parser would set', () => {
    const text = `
import def, { a as b, type C } from 'm';
import ns = require('n');
export { b as d };
enum E { X = 1 }
namespace N { export const y = [1, { z: 2 }] as const; }
class K<T> extends Base implements I { #p = 1; constructor(private q: T) { super(); } get r() { return this.#p; } }
const f = async <T,>(x: T, { y = 2 }: { y?: number } = {}) => { for (const k of [x]) { label: try { await g?.(k); } catch { break label; } } };
switch (def) { case 1: { let v = \`t\${b}\`; v; } }
`;
    const expected = parseSource('a.ts', text);
    const bare = parseSource('a.ts', text, false);
    expect(bare.statements[0]!.parent).toBeUndefined();
    new Scopes(bare);
    const parents = (root: ts.Node) => {
      const seen: string[] = [];
      const visit = (node: ts.Node): void => {
        seen.push(`${ts.SyntaxKind[node.kind]}@${node.pos} in ${node.parent ? `${ts.SyntaxKind[node.parent.kind]}@${node.parent.pos}` : '-'}`);
        ts.forEachChild(node, visit);
      };
      visit(root);
      return seen;
    };
    expect(parents(bare)).toEqual(parents(expected));
    expect(parents(bare).length).toBeGreaterThan(100);
  });
});
