import type MagicString from 'magic-string';
import type { CodeStyle, ImportRequests } from '../ast/import-requests.js';
import type { MarkerWriter } from '../ast/markers.js';
import type { ts } from '../ast/parse.js';
import type { CompiledRecipe } from '../recipe/compiled-recipe.js';
import type { UserConfig } from '../recipe/recipe-schema.js';
import type { TypeOracle } from './canonical/type-oracle.js';

export type MigrationMode = 'canonical' | 'compat';

/**
 * Where canonical mode points the imports it keeps for marked sites: the legacy module they
 * named, or its compat entry (so what still waits for a human runs through the shim meanwhile).
 */
export type KeptImports = 'legacy' | 'compat';

/** Sites rewritten per rule in one file (markers are counted by the MarkerWriter). */
export class RuleTally {
  readonly changed = new Map<string, number>();

  add(rule: string, count = 1): void {
    this.changed.set(rule, (this.changed.get(rule) ?? 0) + count);
  }
}

/** Everything a transform sees of one file. Edits are byte-range splices on the original text. */
export interface TransformContext {
  /** path relative to the migration root, posix separators */
  file: string;
  text: string;
  sourceFile: ts.SourceFile;
  edits: MagicString;
  recipe: CompiledRecipe;
  config: UserConfig;
  markers: MarkerWriter;
  tally: RuleTally;
  imports: ImportRequests;
  style: CodeStyle;
  /** CommonJS bindings to drop, applied by the require transform: specifier -> local names */
  dropRequires: Map<string, Set<string>>;
  keptImports: KeptImports;
  /** present on the second pass, for files whose receivers need types */
  types?: TypeOracle;
}

/**
 * A transform edits one parsed file through `ctx.edits`. It returns 'needs-types' when a
 * receiver could only be told apart with the type checker and no oracle was given; the engine
 * then runs it again with one.
 */
export interface Transform {
  id: string;
  run(ctx: TransformContext): void | 'needs-types';
}
