import { createRequire } from 'node:module';
import type { API, ASTPath, CallExpression, Collection, JSCodeshift } from 'jscodeshift';
import { topInsertionPoint } from '../../ast/import-requests.js';
import { parseSource } from '../../ast/parse.js';
import { lineEnding } from '../../ast/text.js';

/** What the TypeScript-parser pass leaves to this one, for a CommonJS file. */
export interface RequirePlan {
  /** compat: the new specifier of a legacy one (undefined leaves it) */
  retarget?: (specifier: string) => string | undefined;
  /** canonical: legacy specifier -> local names no longer used */
  drop?: ReadonlyMap<string, ReadonlySet<string>>;
  /** canonical: module -> exports to bind with `const { name: local } = require(module)` */
  add?: ReadonlyMap<string, ReadonlyArray<{ name: string; local: string }>>;
  /** quote of added specifiers */
  quote?: string;
}

export const REQUIRE_RULE = 'commonjs-require';

let parser: JSCodeshift | undefined;

/** jscodeshift (and babel) load on the first CommonJS file, not for every TypeScript-only run. */
function jscodeshift(): JSCodeshift {
  parser ??= (createRequire(import.meta.url)('jscodeshift') as API['jscodeshift']).withParser('babel');
  return parser;
}

/**
 * Rewrites `require()` in CommonJS files with jscodeshift: specifiers (and `require.resolve`)
 * are retargeted in place, unused destructured names are dropped, and the canonical names are
 * bound next to the other requires. recast reprints only the nodes it touched, and a file with
 * nothing to do is returned as the same string.
 */
export function rewriteRequires(text: string, plan: RequirePlan): { text: string; changed: number } {
  if (!plan.retarget && !plan.drop?.size && !plan.add?.size) return { text, changed: 0 };
  const j = jscodeshift();
  const root = j(text);
  let changed = 0;
  /** whether the syntax tree was edited, so recast must print it */
  let reprinted = false;
  const literalOf = (path: ASTPath<CallExpression>) => {
    const argument = path.node.arguments[0];
    return argument && (argument.type === 'Literal' || argument.type === 'StringLiteral') && typeof argument.value === 'string'
      ? (argument as { value: string; start?: number; extra?: unknown })
      : undefined;
  };

  // Drops first: they name the specifiers as written, before any retarget rewrites them.
  for (const [specifier, names] of plan.drop ?? []) {
    root
      .find(j.VariableDeclarator, { init: { type: 'CallExpression', callee: { name: 'require' } } })
      .filter((path) => literalOf(path.get('init') as ASTPath<CallExpression>)?.value === specifier)
      .forEach((path) => {
        const id = path.node.id;
        if (id.type === 'Identifier' && names.has(id.name)) {
          keepLeadingComments(path);
          j(path).remove();
          changed += 1;
          reprinted = true;
        } else if (id.type === 'ObjectPattern') {
          const kept = id.properties.filter((property) => {
            const value = 'value' in property ? property.value : undefined;
            return !(value && value.type === 'Identifier' && names.has(value.name));
          });
          if (kept.length === id.properties.length) return;
          changed += 1;
          reprinted = true;
          if (kept.length === 0) {
            keepLeadingComments(path);
            j(path).remove();
            return;
          }
          // A pattern parsed from the kept properties' own text prints as written, on one line.
          const source = kept.map((property) => { const { start, end } = property as unknown as { start: number; end: number }; return text.slice(start, end); });
          path.node.id = j(`const { ${source.join(', ')} } = 0;`).find(j.VariableDeclarator).get().node.id;
        }
      });
  }

  if (plan.retarget) {
    const retarget = plan.retarget;
    const visit = (paths: Collection<CallExpression>) =>
      paths.forEach((path) => {
        const literal = literalOf(path);
        const target = literal && retarget(literal.value);
        if (!literal || target === undefined) return;
        const quote = typeof literal.start === 'number' ? text[literal.start] : "'";
        literal.value = target;
        // recast prints `extra.raw` when it still matches the value: this keeps the quote style.
        literal.extra = { raw: `${quote}${target}${quote}`, rawValue: target };
        changed += 1;
        reprinted = true;
      });
    visit(root.find(j.CallExpression, { callee: { type: 'Identifier', name: 'require' } }));
    visit(
      root.find(j.CallExpression, {
        callee: { type: 'MemberExpression', object: { name: 'require' }, property: { name: 'resolve' } },
      }),
    );
  }

  // Bindings for a file with no top-level require yet go in as text, after the directive prologue.
  const atTop: string[] = [];
  for (const [module, names] of plan.add ?? []) {
    const existing = root
      .find(j.VariableDeclarator, { init: { callee: { name: 'require' } }, id: { type: 'ObjectPattern' } })
      .filter((path) => literalOf(path.get('init') as ASTPath<CallExpression>)?.value === module);
    const bound = new Set<string>();
    existing.forEach((path) => {
      const pattern = path.node.id as import('jscodeshift').ObjectPattern;
      for (const property of pattern.properties) {
        if ('value' in property && property.value.type === 'Identifier') bound.add(property.value.name);
      }
    });
    const missing = names.filter(({ local }) => !bound.has(local));
    if (missing.length === 0) continue;
    changed += missing.length;
    const quote = plan.quote ?? "'";
    const pattern = missing.map(({ name, local }) => (local === name ? name : `${name}: ${local}`)).join(', ');
    const statement = `const { ${pattern} } = require(${quote}${module}${quote});`;
    const requires = root
      .find(j.VariableDeclaration)
      .filter((path) => path.parent.node.type === 'Program' && j(path).find(j.CallExpression, { callee: { name: 'require' } }).size() > 0);
    if (requires.size() === 0) {
      atTop.push(statement);
      continue;
    }
    // Parsed from text, so recast prints it as written (one line), like the requires around it.
    requires.at(requires.size() - 1).insertAfter(j(statement).find(j.VariableDeclaration).get().node);
    reprinted = true;
  }

  if (changed === 0) return { text, changed };
  const eol = lineEnding(text);
  let output = reprinted ? root.toSource({ quote: plan.quote === '"' ? 'double' : 'single', lineTerminator: eol }) : text;
  if (atTop.length > 0) {
    const at = topInsertionPoint(parseSource('required.cjs', output, false));
    output = `${output.slice(0, at)}${atTop.map((statement) => `${statement}${eol}`).join('')}${output.slice(at)}`;
  }
  return { text: output, changed };
}

/**
 * A removed declaration would take the comments above it along (recast attaches them to it),
 * though they are the file's, not the legacy require's: they move to the statement below.
 */
function keepLeadingComments(declarator: ASTPath): void {
  const declaration = declarator.parent as ASTPath<{ declarations: unknown[]; comments?: Array<{ leading?: boolean }> | null }> | undefined;
  if (!declaration || declaration.node.declarations.length !== 1) return;
  const leading = declaration.node.comments?.filter((comment) => comment.leading) ?? [];
  const siblings = (declaration.parent as ASTPath<{ body?: unknown }> | undefined)?.node.body;
  if (leading.length === 0 || !Array.isArray(siblings)) return;
  const next = siblings[siblings.indexOf(declaration.node) + 1] as { comments?: unknown[] | null } | undefined;
  if (!next) return;
  next.comments = [...leading, ...(next.comments ?? [])];
  declaration.node.comments = declaration.node.comments?.filter((comment) => !comment.leading) ?? null;
}
