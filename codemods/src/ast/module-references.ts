import type { ModuleMatch, SpecifierMatcher } from '../recipe/specifier-matcher.js';
import { ts } from './parse.js';

/** Every syntactic form that names a module by a string, as listed in the import-form catalog. */
export type ModuleReferenceKind =
  | 'import'
  | 'export'
  | 'import-equals'
  | 'dynamic-import'
  | 'import-type'
  | 'require'
  | 'require-resolve'
  | 'mock';

export interface ModuleReference {
  kind: ModuleReferenceKind;
  /** the string literal holding the specifier (quotes included in its range) */
  literal: ts.StringLiteralLike;
  specifier: string;
  match: ModuleMatch;
  /** the import/export declaration or the call */
  node: ts.Node;
}

/** `import(expr)` with a computed path: it may load a legacy module and cannot be rewritten. */
export interface ComputedImport {
  node: ts.CallExpression;
}

export interface ModuleReferences {
  references: ModuleReference[];
  computedImports: ComputedImport[];
  /** strings naming a legacy module outside any import position (messages, path tables, regexes) */
  mentions: ts.StringLiteralLike[];
}

/** The test-runner calls whose first argument is a module path. */
const MOCK_CALLS = new Map<string, ReadonlySet<string>>([
  ['vi', new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock'])],
  [
    'jest',
    new Set(['mock', 'doMock', 'unmock', 'dontMock', 'setMock', 'requireActual', 'requireMock', 'createMockFromModule']),
  ],
]);

/**
 * Finds every reference to a legacy module in one file. String literals elsewhere (messages,
 * regular expressions of detector tests) are not references and are never returned.
 */
export function findModuleReferences(
  sourceFile: ts.SourceFile,
  matcher: SpecifierMatcher,
  importer: string,
  includeCompat: boolean,
): ModuleReferences {
  const references: ModuleReference[] = [];
  const computedImports: ComputedImport[] = [];
  const mentions: ts.StringLiteralLike[] = [];
  const seen = new Set<ts.Node>();
  const add = (kind: ModuleReferenceKind, node: ts.Node, literal: ts.Node | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    seen.add(literal);
    const match = matcher.match(literal.text, importer, includeCompat);
    if (match) references.push({ kind, node, literal, specifier: literal.text, match });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add('import', node, node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      add('export', node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add('import-equals', node, node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add('import-type', node, node.argument.literal);
    } else if (ts.isCallExpression(node)) {
      const kind = callKind(node);
      const first = node.arguments[0];
      if (kind && first) {
        if (ts.isStringLiteralLike(first)) add(kind, node, first);
        else if (kind === 'dynamic-import') computedImports.push({ node });
      }
    } else if (ts.isStringLiteralLike(node) && !seen.has(node) && matcher.match(node.text, importer, includeCompat)) {
      mentions.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { references, computedImports, mentions };
}

function callKind(call: ts.CallExpression): ModuleReferenceKind | undefined {
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return 'dynamic-import';
  if (ts.isIdentifier(callee) && callee.text === 'require') return 'require';
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const owner = callee.expression.text;
    const member = callee.name.text;
    if (owner === 'require' && member === 'resolve') return 'require-resolve';
    if (MOCK_CALLS.get(owner)?.has(member)) return 'mock';
  }
  return undefined;
}

/** The specifier literal's text with the same quote it was written with. */
export function quoteLike(literal: ts.StringLiteralLike, value: string, sourceFile: ts.SourceFile): string {
  const quote = sourceFile.text[literal.getStart(sourceFile)] ?? "'";
  return `${quote}${value}${quote}`;
}
