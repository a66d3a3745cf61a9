import type MagicString from 'magic-string';
import { ts } from './parse.js';
import { lineEnding, lineStartOf } from './text.js';

/** How the file writes its imports, so added lines look like their neighbours. */
export interface CodeStyle {
  quote: string;
  semicolon: string;
  eol: string;
}

export function detectStyle(sourceFile: ts.SourceFile): CodeStyle {
  const text = sourceFile.text;
  const first = sourceFile.statements.find((statement) => ts.isImportDeclaration(statement) || ts.isVariableStatement(statement));
  let quote = "'";
  let semicolon = ';';
  if (first && ts.isImportDeclaration(first)) {
    quote = text[first.moduleSpecifier.getStart(sourceFile)] === '"' ? '"' : "'";
    semicolon = text[first.getEnd() - 1] === ';' ? ';' : '';
  } else if (first) {
    semicolon = text[first.getEnd() - 1] === ';' ? ';' : '';
    quote = /^[^'\n]*"/.test(first.getText(sourceFile)) ? '"' : "'";
  }
  return { quote, semicolon, eol: lineEnding(text) };
}

/**
 * Named imports the transforms of one file ask for. Materialised once, after every transform
 * ran, so two transforms needing `@unified-ws/emitter` produce one import, merged into an
 * existing one when the file has it.
 */
export class ImportRequests {
  readonly #wanted = new Map<string, Map<string, { typeOnly: boolean; local: string }>>();
  /** modules whose names are bound with `require()` (CommonJS files) */
  readonly #commonJs = new Set<string>();
  /** module -> the namespace TypeScript for CommonJS binds it to (`import ns = require(module)`) */
  readonly #namespaces = new Map<string, string>();

  requireNamespace(module: string, local: string): void {
    this.#namespaces.set(module, local);
  }

  /** `local`: the name the file binds it to, when the export's own name is taken in the file. */
  add(module: string, name: string, options: { typeOnly?: boolean; commonJs?: boolean; local?: string } = {}): void {
    const names = this.#wanted.get(module) ?? new Map<string, { typeOnly: boolean; local: string }>();
    const previous = names.get(name);
    names.set(name, { typeOnly: (previous?.typeOnly ?? true) && (options.typeOnly ?? false), local: options.local ?? name });
    this.#wanted.set(module, names);
    if (options.commonJs) this.#commonJs.add(module);
  }

  get size(): number {
    return this.#wanted.size + this.#namespaces.size;
  }

  /** Names wanted from a module that CommonJS code will `require()`, with the local name each is bound to. */
  commonJsNames(): Map<string, Array<{ name: string; local: string }>> {
    const result = new Map<string, Array<{ name: string; local: string }>>();
    for (const module of this.#commonJs) {
      result.set(module, [...(this.#wanted.get(module) ?? [])].map(([name, { local }]) => ({ name, local })));
    }
    return result;
  }

  /** Writes the ES imports into `edits` (CommonJS requests are left to the require transform). */
  apply(sourceFile: ts.SourceFile, edits: MagicString, style: CodeStyle): number {
    let added = 0;
    for (const [module, local] of this.#namespaces) {
      const present = sourceFile.statements.some(
        (statement) => ts.isImportEqualsDeclaration(statement) && statement.name.text === local && ts.isExternalModuleReference(statement.moduleReference),
      );
      if (present) continue;
      added += 1;
      const line = `import ${local} = require(${style.quote}${module}${style.quote})${style.semicolon}${style.eol}`;
      edits.appendLeft(topInsertionPoint(sourceFile), line);
    }
    for (const [module, names] of this.#wanted) {
      if (this.#commonJs.has(module)) continue;
      const existing = namedImportsOf(sourceFile, module);
      const present = new Set(existing?.elements.map((element) => `${(element.propertyName ?? element.name).text} ${element.name.text}`));
      const missing = [...names].filter(([name, { local }]) => !present.has(`${name} ${local}`));
      if (missing.length === 0) continue;
      added += missing.length;
      const allTypes = !existing && missing.every(([, { typeOnly }]) => typeOnly);
      const list = missing
        .map(([name, { typeOnly, local }]) => `${typeOnly && !allTypes ? 'type ' : ''}${name}${local === name ? '' : ` as ${local}`}`)
        .join(', ');
      const last = existing?.elements.at(-1);
      if (last) edits.appendLeft(last.getEnd(), `, ${list}`);
      else if (existing) edits.appendLeft(existing.getEnd() - 1, ` ${list} `);
      else {
        const line = `import ${allTypes ? 'type ' : ''}{ ${list} } from ${style.quote}${module}${style.quote}${style.semicolon}${style.eol}`;
        edits.appendLeft(topInsertionPoint(sourceFile), line);
      }
    }
    return added;
  }
}

/**
 * The local name of `name` in an import from `module` the file already has (a type-only one
 * only when a type is wanted), or undefined.
 */
export function importedLocalName(sourceFile: ts.SourceFile, module: string, name: string, typeOnly: boolean): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (statement.moduleSpecifier.text !== module || !clause?.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    for (const element of clause.namedBindings.elements) {
      if ((element.propertyName ?? element.name).text !== name) continue;
      if (typeOnly || !(clause.isTypeOnly || element.isTypeOnly)) return element.name.text;
    }
  }
  return undefined;
}

/** The `{ … }` of a value import from `module` the file already has. */
function namedImportsOf(sourceFile: ts.SourceFile, module: string): ts.NamedImports | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (statement.moduleSpecifier.text !== module || !clause || clause.isTypeOnly) continue;
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) return clause.namedBindings;
  }
  return undefined;
}

/**
 * Where a new module binding goes: before the first import; else right below the directive
 * prologue (`'use strict'` must stay first to stay a directive); else below the file's header
 * comment.
 */
export function topInsertionPoint(sourceFile: ts.SourceFile): number {
  const { statements, text } = sourceFile;
  const firstImport = statements.find((statement) => ts.isImportDeclaration(statement));
  if (firstImport) return lineStartOf(text, firstImport.getStart(sourceFile));
  const firstCode = statements.find((statement) => !isDirective(statement));
  const lastDirective = statements[(firstCode ? statements.indexOf(firstCode) : statements.length) - 1];
  if (lastDirective) {
    const lineEnd = text.indexOf('\n', lastDirective.getEnd());
    const nextLine = lineEnd === -1 ? text.length : lineEnd + 1;
    // Code on the directive's own line: the binding goes right before that code.
    return firstCode && firstCode.getStart(sourceFile) < nextLine ? firstCode.getStart(sourceFile) : nextLine;
  }
  return firstCode ? lineStartOf(text, firstCode.getStart(sourceFile)) : text.length;
}

function isDirective(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}
