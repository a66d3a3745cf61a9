import type { ModuleReference } from '../../ast/module-references.js';
import { ts } from '../../ast/parse.js';
import type { Binding, Scopes } from '../../ast/scopes.js';
import type { CompiledRecipe } from '../../recipe/compiled-recipe.js';
import type { RecipeModule } from '../../recipe/recipe-schema.js';

/** A local name bound to something a legacy module exports. */
export interface LegacyBinding {
  binding: Binding;
  /** the exported name, or '*' for a module object (namespace import, `await import()`, `require()`) */
  exportName: string;
  /** undefined for a module object of the compat root, whose members name their module */
  module: RecipeModule | undefined;
  reference: ModuleReference;
}

/**
 * Every name the file binds from a legacy module: static imports (named, default, namespace,
 * `import x = require()`), and destructured or whole `await import()` / `require()` results.
 */
export function collectLegacyBindings(
  references: readonly ModuleReference[],
  scopes: Scopes,
  recipe: CompiledRecipe,
): Map<Binding, LegacyBinding> {
  const result = new Map<Binding, LegacyBinding>();
  const bind = (id: ts.Identifier | undefined, exportName: string, reference: ModuleReference) => {
    const binding = id && scopes.declared(id);
    if (!binding) return;
    const module =
      reference.match.module ?? (exportName === '*' ? undefined : recipe.moduleOfExport.get(exportName));
    result.set(binding, { binding, exportName, module, reference });
  };
  for (const reference of references) {
    const node = reference.node;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.name) bind(clause.name, 'default', reference);
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) bind(named.name, '*', reference);
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) bind(element.name, (element.propertyName ?? element.name).text, reference);
      }
    } else if (ts.isImportEqualsDeclaration(node)) {
      bind(node.name, '*', reference);
    } else if (reference.kind === 'dynamic-import' || reference.kind === 'require') {
      const declaration = boundDeclaration(node as ts.CallExpression);
      if (!declaration) continue;
      if (ts.isIdentifier(declaration.name)) bind(declaration.name, '*', reference);
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          const property = element.propertyName ?? element.name;
          if (element.dotDotDotToken || !ts.isIdentifier(element.name) || !ts.isIdentifier(property)) continue;
          bind(element.name, property.text, reference);
        }
      }
    }
  }
  return result;
}

/** `const x = await import('m')` / `const { a } = require('m')`: the declaration, if that is the shape. */
export function boundDeclaration(call: ts.CallExpression): ts.VariableDeclaration | undefined {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node ? parent : undefined;
}
