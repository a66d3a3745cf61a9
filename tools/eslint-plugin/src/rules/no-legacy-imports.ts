import path from 'node:path';
import { compileRecipe, loadRecipe, MOCK_CALLS, type CompiledRecipe, type ModuleMatch } from '@unified-ws/codemods/recipe';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';

export interface Options {
  /** A recipe file instead of the one shipped with @unified-ws/codemods (the same the codemods read). */
  recipe?: string;
  /** Extra specifier patterns of your own legacy paths, as in unified-ws.config.json `modules`. */
  modules?: string[];
  /** Accept imports of @unified-ws/legacy-compat (the gate between the compat and canonical phases). */
  allowCompat?: boolean;
}

type MessageId = 'legacyImport' | 'compatImport' | 'retargetToCompat';

const compiled = new Map<string, CompiledRecipe>();

/** One compiled recipe per (file, extra patterns): rules run per file, the recipe is read once. */
function recipeFor(options: Options): CompiledRecipe {
  const key = JSON.stringify([options.recipe ?? '', options.modules ?? []]);
  let recipe = compiled.get(key);
  if (!recipe) {
    recipe = compileRecipe(options.recipe ? loadRecipe(options.recipe) : loadRecipe(), { modules: options.modules ?? [] });
    compiled.set(key, recipe);
  }
  return recipe;
}

export const noLegacyImports = createRule<[Options], MessageId>({
  name: 'no-legacy-imports',
  meta: {
    type: 'problem',
    fixable: 'code',
    hasSuggestions: true,
    docs: {
      description: 'Legacy WebSocket-layer modules (and, once migrated, the compat shim) may not be imported',
    },
    messages: {
      legacyImport:
        "'{{specifier}}' is the legacy module '{{module}}'. Use @unified-ws/emitter (run `unified-ws migrate`), or @unified-ws/legacy-compat/{{entry}} while migrating.",
      compatImport:
        "'{{specifier}}' is the compatibility shim. Move this code onto @unified-ws/emitter (run `unified-ws migrate --to canonical`).",
      retargetToCompat: 'Import the same names from @unified-ws/legacy-compat/{{entry}}',
    },
    schema: [
      {
        type: 'object',
        properties: {
          recipe: { type: 'string' },
          modules: { type: 'array', items: { type: 'string' } },
          allowCompat: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const recipe = recipeFor(options);
    const importer = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const compatPackage = recipe.recipe.compat.package;

    /** Names whose canonical mapping is the same value under the same name: safe to retarget as is. */
    function pureRenameFix(node: TSESTree.ImportDeclaration, literal: TSESTree.StringLiteral | TSESTree.TemplateLiteral) {
      const specifiers = node.specifiers;
      if (specifiers.length === 0) return undefined;
      const pure = specifiers.every((specifier) => {
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier || specifier.imported.type !== AST_NODE_TYPES.Identifier) return false;
        const canonical = recipe.canonicalSymbols.get(specifier.imported.name);
        return canonical !== undefined && 'value' in canonical && canonical.value === specifier.imported.name;
      });
      if (!pure) return undefined;
      const target = recipe.recipe.canonical.package;
      return (fixer: TSESLint.RuleFixer) => fixer.replaceText(literal, quoted(literal, target));
    }

    function check(node: TSESTree.Node | null | undefined, owner?: TSESTree.ImportDeclaration): void {
      const literal = node && stringLike(node);
      if (!literal) return;
      const specifier = literal.type === AST_NODE_TYPES.Literal ? literal.value : literal.quasis[0]?.value.cooked;
      if (specifier === undefined || specifier === null) return;
      let match: ModuleMatch | undefined;
      try {
        match = recipe.matcher.match(specifier, importer, true);
      } catch {
        return;
      }
      if (!match) return;
      if (match.via !== 'legacy') {
        if (options.allowCompat) return;
        context.report({ node: literal, messageId: 'compatImport', data: { specifier } });
        return;
      }
      const entry = match.module.compatEntry;
      const fix = owner ? pureRenameFix(owner, literal) : undefined;
      context.report({
        node: literal,
        messageId: 'legacyImport',
        data: { specifier, module: match.module.id, entry },
        ...(fix ? { fix } : {}),
        suggest: [
          {
            messageId: 'retargetToCompat',
            data: { entry },
            fix: (fixer) => fixer.replaceText(literal, quoted(literal, `${compatPackage}/${entry}`)),
          },
        ],
      });
    }

    const isMockCall = (callee: TSESTree.Expression) =>
      callee.type === AST_NODE_TYPES.MemberExpression &&
      !callee.computed &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      MOCK_CALLS.get(callee.object.name)?.has(callee.property.name) === true;

    return {
      ImportDeclaration: (node) => check(node.source, node),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) =>
        check(node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference ? node.moduleReference.expression : undefined),
      TSImportType: (node) => check(node.argument.type === AST_NODE_TYPES.TSLiteralType ? node.argument.literal : undefined),
      CallExpression(node) {
        const callee = node.callee;
        const requireLike =
          (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') ||
          (callee.type === AST_NODE_TYPES.MemberExpression &&
            callee.object.type === AST_NODE_TYPES.Identifier &&
            callee.object.name === 'require' &&
            callee.property.type === AST_NODE_TYPES.Identifier &&
            callee.property.name === 'resolve');
        if (requireLike || isMockCall(callee)) check(node.arguments[0]);
      },
    };
  },
});

/**
 * A string that names a module where verify counts one: a string literal, or a template without
 * `${}` (TypeScript's StringLiteralLike, which the codemods match).
 */
function stringLike(node: TSESTree.Node): TSESTree.StringLiteral | TSESTree.TemplateLiteral | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node as TSESTree.StringLiteral;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node;
  return undefined;
}

/** The new specifier written with the quote (or backtick) the old one had. */
function quoted(literal: TSESTree.StringLiteral | TSESTree.TemplateLiteral, value: string): string {
  const quote = literal.type === AST_NODE_TYPES.TemplateLiteral ? '`' : literal.raw.startsWith('"') ? '"' : "'";
  return `${quote}${value}${quote}`;
}
