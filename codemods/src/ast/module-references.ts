import type { ModuleMatch, SpecifierMatcher } from '../recipe/specifier-matcher.js';
import { MOCK_CALLS } from '../recipe/mock-calls.js';
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

/**
 * Finds every reference to a legacy module in one file. String literals elsewhere (messages,
 * regular expressions of detector tests) are mentions, not references. Rather than walking the
 * whole tree, it visits the string literals the text scan found and the `import(` calls.
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
  for (const position of matcher.literalPositions(sourceFile.text, includeCompat)) {
    const literal = nodeAt(sourceFile, position);
    if (!literal || !ts.isStringLiteralLike(literal) || literal.getStart(sourceFile) !== position) continue;
    const match = matcher.match(literal.text, importer, includeCompat);
    if (!match) continue;
    const site = siteOf(literal);
    if (site) references.push({ ...site, literal, specifier: literal.text, match });
    else mentions.push(literal);
  }
  for (const found of sourceFile.text.matchAll(/\bimport\s*\(/g)) {
    const keyword = nodeAt(sourceFile, found.index);
    const call = keyword?.parent;
    if (keyword?.kind !== ts.SyntaxKind.ImportKeyword || !call || !ts.isCallExpression(call) || call.expression !== keyword) continue;
    const first = call.arguments[0];
    if (first && !ts.isStringLiteralLike(first)) computedImports.push({ node: call });
  }
  return { references, computedImports, mentions };
}

/** Where a string literal names a module: the declaration or call it is the specifier of. */
function siteOf(literal: ts.StringLiteralLike): { kind: ModuleReferenceKind; node: ts.Node } | undefined {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent) && parent.moduleSpecifier === literal) return { kind: 'import', node: parent };
  if (ts.isExportDeclaration(parent) && parent.moduleSpecifier === literal) return { kind: 'export', node: parent };
  if (ts.isExternalModuleReference(parent) && ts.isImportEqualsDeclaration(parent.parent)) return { kind: 'import-equals', node: parent.parent };
  if (ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent)) return { kind: 'import-type', node: parent.parent };
  if (ts.isCallExpression(parent) && parent.arguments[0] === literal) {
    const kind = callKind(parent);
    if (kind) return { kind, node: parent };
  }
  return undefined;
}

/** The deepest node whose range (leading trivia included) holds `position`. */
function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  let node: ts.Node = sourceFile;
  for (let next: ts.Node | undefined = node; next; ) {
    node = next;
    next = ts.forEachChild(node, (child) => (child.pos <= position && position < child.end ? child : undefined));
  }
  return node === sourceFile ? undefined : node;
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
