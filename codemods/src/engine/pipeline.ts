import { compileRecipe, type CompiledRecipe } from '../recipe/compiled-recipe.js';
import type { Recipe, UserConfig } from '../recipe/recipe-schema.js';
import type { MarkerSite } from '../ast/markers.js';
import type { KeptImports, MigrationMode } from '../transforms/transform.js';

/*
 * What a thread needs to decide about a file before any parsing: kept free of the TypeScript
 * compiler, so the I/O thread that reads and screens files starts in milliseconds.
 */

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'error' | 'needs-manual';

/** What happened to one file. Plain data: it crosses worker boundaries. */
export interface FileOutcome {
  file: string;
  status: FileStatus | 'needs-types';
  /** the migration changes (or, written, changed) the file */
  changed: boolean;
  /** the text to write, until it is written */
  output?: string;
  /** unified diff, when asked for */
  diff?: string;
  rules: Record<string, { changed: number; markers: number }>;
  markers: MarkerSite[];
  /** why a file was skipped or failed */
  reason?: string;
  /** follow-ups that are not sites in code (a bootstrap that could not be placed) */
  notes?: string[];
  /** the file was parsed (it passed the text pre-filter) */
  parsed: boolean;
}

/** Everything needed to migrate files; built once per thread. */
export interface Pipeline {
  recipe: CompiledRecipe;
  config: UserConfig;
  mode: MigrationMode;
  diff: boolean;
  keptImports: KeptImports;
  /** the bootstrap file, relative to the root, when configured */
  bootstrapFile?: string;
}

export interface PipelineOptions {
  recipe: Recipe;
  config: UserConfig;
  mode: MigrationMode;
  diff: boolean;
  keptImports?: KeptImports;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  return {
    recipe: compileRecipe(options.recipe, options.config),
    config: options.config,
    mode: options.mode,
    diff: options.diff,
    keptImports: options.keptImports ?? 'legacy',
    bootstrapFile: options.config.bootstrap && normalizeFile(options.config.bootstrap.file),
  };
}

export function normalizeFile(file: string): string {
  return file.replaceAll('\\', '/').replace(/^\.\//, '');
}

export function fileOutcome(file: string, status: FileOutcome['status'], extra: Partial<FileOutcome> = {}): FileOutcome {
  return { file, status, changed: false, rules: {}, markers: [], parsed: false, ...extra };
}

/**
 * The text pre-filter: the outcome of a file that needs no parsing (it cannot reference a
 * legacy module, or it is one), or undefined when it must be parsed.
 */
export function screen(file: string, text: string, pipeline: Pipeline): FileOutcome | undefined {
  const { matcher } = pipeline.recipe;
  if (pipeline.bootstrapFile !== file && !matcher.mayReference(text, file, pipeline.mode === 'canonical')) return fileOutcome(file, 'unchanged');
  if (matcher.isLegacyModuleFile(file)) return fileOutcome(file, 'skipped', { reason: 'a legacy module itself (it stays until nothing imports it)' });
  return undefined;
}

/** A file that could not be read: an error, left as it was. */
export function unreadable(file: string, error?: unknown): FileOutcome {
  return fileOutcome(file, 'error', { reason: error ? `cannot read: ${(error as Error).message}` : 'cannot read' });
}
