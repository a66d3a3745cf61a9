import { findModuleReferences, quoteLike, type ComputedImport } from '../../ast/module-references.js';
import { isJavaScript } from '../../ast/file-kinds.js';
import type { Transform, TransformContext } from '../transform.js';

export const COMPAT_RULE = 'compat-retarget';
export const COMPUTED_IMPORT_RULE = 'dynamic-import-computed';

/**
 * Phase 1: every reference to a legacy module points at `@unified-ws/legacy-compat/<entry>`,
 * which exports the same names. Nothing else changes, so behaviour is kept and the risk is nil.
 * In JavaScript files `require()` is left to the jscodeshift transform that runs next.
 */
export const compatImports: Transform = {
  id: 'compat-imports',
  run(ctx: TransformContext) {
    const { references, computedImports, mentions } = findModuleReferences(ctx.sourceFile, ctx.recipe.matcher, ctx.file, false);
    const javascript = isJavaScript(ctx.file);
    for (const reference of references) {
      if (reference.match.via !== 'legacy') continue;
      if (javascript && (reference.kind === 'require' || reference.kind === 'require-resolve')) continue;
      const target = `${ctx.recipe.recipe.compat.package}/${reference.match.module.compatEntry}`;
      ctx.edits.overwrite(
        reference.literal.getStart(ctx.sourceFile),
        reference.literal.getEnd(),
        quoteLike(reference.literal, target, ctx.sourceFile),
      );
      ctx.tally.add(COMPAT_RULE);
    }
    markComputedImports(ctx, computedImports, mentions.length > 0);
  },
};

/**
 * A computed `import()` is flagged when it may load a legacy module: its template names one, or
 * the file keeps legacy paths in strings (a table of modules to load, F15 of the catalog).
 */
export function markComputedImports(ctx: TransformContext, computed: readonly ComputedImport[], fileMentionsLegacy: boolean): void {
  for (const { node } of computed) {
    const path = node.arguments[0]?.getText(ctx.sourceFile) ?? '';
    const namesLegacy = ctx.recipe.matcher.needles.some((needle) => path.includes(needle));
    if (!namesLegacy && !fileMentionsLegacy) continue;
    ctx.markers.mark(
      node,
      COMPUTED_IMPORT_RULE,
      `computed import() path may load a legacy module; point it at ${ctx.recipe.recipe.compat.package}/<entry> or @unified-ws/emitter (docs/legacy-map.md)`,
    );
  }
}
