import { ts } from '../../ast/parse.js';
import { indentationAt } from '../../ast/text.js';
import type { BootstrapConfig } from '../../recipe/recipe-schema.js';
import type { TransformContext } from '../transform.js';

export const BOOTSTRAP_RULE = 'bootstrap-server';

/**
 * The one start-up line both modes need (shim and canonical call sites reach the server
 * through `getDefaultEmitterServer()`): inserted once, right after the statement declaring the
 * socket.io server. Returns a note when the declaration is not found.
 */
export function insertBootstrap(ctx: TransformContext, bootstrap: BootstrapConfig): string | undefined {
  const { create, register } = ctx.recipe.recipe.canonical.bootstrap;
  const pkg = ctx.recipe.recipe.canonical.package;
  if (ctx.text.includes(`${register}(`)) return undefined;
  const declaration = findDeclaration(ctx.sourceFile, bootstrap.io);
  if (!declaration) {
    return `${ctx.file}: no declaration of \`${bootstrap.io}\` found; add ${register}(${create}({ io, authenticate })) after the socket.io server is created`;
  }
  const statement = declaration.parent.parent;
  const io = bootstrap.io === 'io' ? 'io' : `io: ${bootstrap.io}`;
  const authenticate = bootstrap.authenticate === 'authenticate' ? 'authenticate' : `authenticate: ${bootstrap.authenticate}`;
  const indent = indentationAt(ctx.text, statement.getStart(ctx.sourceFile));
  const line = `${register}(${create}({ ${io}, ${authenticate} }))${ctx.style.semicolon}`;
  ctx.edits.appendLeft(statement.getEnd(), `${ctx.style.eol}${indent}${line}`);
  ctx.imports.add(pkg, create);
  ctx.imports.add(pkg, register);
  if (bootstrap.authenticateFrom && !declares(ctx.sourceFile, bootstrap.authenticate)) {
    ctx.imports.add(bootstrap.authenticateFrom, bootstrap.authenticate);
  }
  ctx.tally.add(BOOTSTRAP_RULE);
  return undefined;
}

function findDeclaration(sourceFile: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && ts.isVariableStatement(node.parent.parent)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Whether the file already binds `name` at top level (imported or declared). */
function declares(sourceFile: ts.SourceFile, name: string): boolean {
  return sourceFile.statements.some((statement) => {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name?.text === name) return true;
      const named = clause?.namedBindings;
      return named !== undefined && ts.isNamedImports(named) && named.elements.some((element) => element.name.text === name);
    }
    if (ts.isFunctionDeclaration(statement)) return statement.name?.text === name;
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === name);
    }
    return false;
  });
}
