import { findMarkers, MARKER_TAG } from '../ast/markers.js';
import { findModuleReferences, type ModuleReferenceKind } from '../ast/module-references.js';
import { firstSyntaxError, parseSource } from '../ast/parse.js';
import { diskFileSystem, listFilesToCheck, type MigrationFs } from '../engine/file-system.js';
import { readUserConfig } from '../engine/migrate.js';
import { normalizeFile } from '../engine/pipeline.js';
import { compileRecipe } from '../recipe/compiled-recipe.js';
import { DEFAULT_RECIPE_PATH, loadRecipe, parseRecipe } from '../recipe/load-recipe.js';
import type { Recipe, UserConfig } from '../recipe/recipe-schema.js';

export interface CensusSite {
  file: string;
  line: number;
  kind: ModuleReferenceKind | 'marker';
  /** legacy module id (imports), or the marker's rule id */
  id: string;
  /** `legacy`: a legacy path; `compat`: the compat package; `marker`: a manual follow-up */
  via: 'legacy' | 'compat' | 'marker';
  text: string;
  /** true for an import kept in a file whose markers explain it */
  covered: boolean;
}

export interface Census {
  version: 1;
  command: 'verify';
  files: number;
  totals: { legacy: number; compat: number; markers: number; uncovered: number; errors: number };
  sites: CensusSite[];
  errors: Array<{ file: string; reason: string }>;
  /** 0 nothing left; 1 legacy references (or unreadable files) remain; 3 only marked sites remain */
  exitCode: 0 | 1 | 3;
}

export interface VerifyOptions {
  cwd: string;
  paths?: readonly string[];
  recipe?: string | Recipe;
  config?: UserConfig;
  fs?: MigrationFs;
  /** accept imports of the compat package (the gate after phase 1) */
  allowCompat?: boolean;
}

/**
 * The residue census: every import, export, `import()`, `require`, mock path and marker that
 * still names a legacy module (or the compat package) in the tree. Strings that merely mention
 * a path are not residue. A run is clean when nothing is left; imports kept next to markers are
 * reported as covered by them.
 */
export async function verify(options: VerifyOptions): Promise<Census> {
  const fs = options.fs ?? diskFileSystem(options.cwd);
  const recipe = typeof options.recipe === 'object' ? parseRecipe(options.recipe) : loadRecipe(options.recipe ?? DEFAULT_RECIPE_PATH);
  const compiled = compileRecipe(recipe, options.config ?? readUserConfig(fs));
  const files = await listFilesToCheck(fs, (options.paths ?? []).map(normalizeFile));
  const sites: CensusSite[] = [];
  const errors: Census['errors'] = [];
  for (const file of files) {
    const text = fs.read(file);
    if (text === undefined) continue;
    const hasMarker = text.includes(MARKER_TAG);
    if (!hasMarker && !compiled.matcher.mayReference(text, file, true)) continue;
    if (compiled.matcher.isLegacyModuleFile(file)) continue;
    const markers = findMarkers(text).map((marker) => ({
      file,
      line: marker.line,
      kind: 'marker' as const,
      id: marker.rule,
      via: 'marker' as const,
      text: marker.reason,
      covered: true,
    }));
    const sourceFile = parseSource(file, text);
    const syntaxError = firstSyntaxError(sourceFile);
    if (syntaxError) {
      errors.push({ file, reason: `does not parse: ${syntaxError}` });
      continue;
    }
    const { references } = findModuleReferences(sourceFile, compiled.matcher, file, true);
    for (const reference of references) {
      if (reference.match.via !== 'legacy' && options.allowCompat) continue;
      sites.push({
        file,
        line: sourceFile.getLineAndCharacterOfPosition(reference.literal.getStart(sourceFile)).line + 1,
        kind: reference.kind,
        id: reference.match.module?.id ?? recipe.compat.package,
        via: reference.match.via === 'legacy' ? 'legacy' : 'compat',
        text: reference.specifier,
        covered: markers.length > 0,
      });
    }
    sites.push(...markers);
  }
  const count = (via: CensusSite['via']) => sites.filter((site) => site.via === via).length;
  const uncovered = sites.filter((site) => !site.covered).length;
  return {
    version: 1,
    command: 'verify',
    files: files.length,
    totals: { legacy: count('legacy'), compat: count('compat'), markers: count('marker'), uncovered, errors: errors.length },
    sites,
    errors,
    exitCode: uncovered > 0 || errors.length > 0 ? 1 : sites.length > 0 ? 3 : 0,
  };
}
