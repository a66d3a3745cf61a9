import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RECIPE_PATH, USER_CONFIG_FILE, loadRecipe, parseRecipe, parseUserConfig } from '../recipe/load-recipe.js';
import type { Recipe, UserConfig } from '../recipe/recipe-schema.js';
import type { KeptImports, MigrationMode } from '../transforms/transform.js';
import { diskFileSystem, type MigrationFs } from './file-system.js';
import { assertCleanTree, changedSince, MigrationRefused } from './git.js';
import { migrateWithIoThread } from './io-thread.js';
import { createPipeline, fileOutcome, normalizeFile, unreadable, type FileOutcome, type Pipeline, type PipelineOptions } from './pipeline.js';
import { commitOutcome, migrateScreened, migrateText, writeFailed } from './process-file.js';
import { ProjectLocator } from './projects.js';
import { buildReport, type MigrationReport } from './report.js';
import { typedPass } from './typed-pass.js';
import { runBatches } from './worker-pool.js';

export interface MigrateOptions {
  /** the migration root: paths, the config file and the report are relative to it */
  cwd: string;
  /** files or directories under `cwd` (default: all of it) */
  paths?: readonly string[];
  /** default 'canonical' */
  to?: MigrationMode;
  /** compute everything, write nothing, attach unified diffs */
  dryRun?: boolean;
  /** write nothing; exit code 2 when something would change */
  check?: boolean;
  /**
   * threads that migrate, this one included (default: available cores - 1); with 1, a large
   * tree on disk gets an I/O thread beside this one for reads, pre-filter and writes
   */
  jobs?: number;
  /** only files changed since this git ref */
  changedSince?: string;
  /** run on a dirty (or non-git) tree */
  allowDirty?: boolean;
  /** a recipe file or object (default: the shipped one) */
  recipe?: string | Recipe;
  /** canonical mode: where the imports kept for marked sites point (default 'legacy') */
  keptImports?: KeptImports;
  /** overrides `unified-ws.config.json` */
  config?: UserConfig;
  /** the file system (default: the disk at `cwd`); the Nx generator passes the Tree */
  fs?: MigrationFs;
  /** fewer files than this run on this thread alone, whatever `jobs` says (starting threads costs more) */
  parallelThreshold?: number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  done: number;
  total: number;
  errors: number;
}

export interface MigrationResult {
  report: MigrationReport;
  /** unified diffs of changed files (dry run) */
  diffs: string[];
}

/** Below this many files, threads would still be starting when the calling thread is done. */
const PARALLEL_THRESHOLD = 1500;

/**
 * The whole migration as a library call: select files, migrate them (worker threads for large
 * trees, a typed second pass where receivers need types), then write every changed file
 * atomically, unless it is a dry run or a check. Shared by the CLI, the Nx generator and the
 * end-to-end tests.
 */
export async function migrate(options: MigrateOptions): Promise<MigrationResult> {
  const started = performance.now();
  const fs = options.fs ?? diskFileSystem(options.cwd);
  const mode = options.to ?? 'canonical';
  const dryRun = options.dryRun ?? false;
  const check = options.check ?? false;
  const paths = (options.paths ?? []).map(normalizeFile);
  const recipe = typeof options.recipe === 'object' ? parseRecipe(options.recipe) : loadRecipe(options.recipe ?? DEFAULT_RECIPE_PATH);
  const config = options.config ?? readUserConfig(fs);
  const writes = !dryRun && !check;
  // Listed first: a root or path that does not exist is refused as such, not as "outside git".
  let files = await fs.listSourceFiles(paths);
  if (writes && !options.allowDirty && fs.diskRoot) assertCleanTree(fs.diskRoot, paths);

  if (options.changedSince) {
    if (!fs.diskRoot) throw new MigrationRefused('--changed-since needs a git checkout on disk');
    const changed = changedSince(fs.diskRoot, options.changedSince, paths);
    files = files.filter((file) => changed.has(file));
  }
  const pipelineOptions: PipelineOptions = { recipe, config, mode, diff: dryRun, keptImports: options.keptImports };
  const pipeline = createPipeline(pipelineOptions);
  if (pipeline.bootstrapFile && !files.includes(pipeline.bootstrapFile) && fs.exists(pipeline.bootstrapFile)) files.push(pipeline.bootstrapFile);

  const outcomes = new Map<string, FileOutcome>();
  let errors = 0;
  const record = (batch: readonly FileOutcome[]) => {
    for (const outcome of batch) {
      outcomes.set(outcome.file, outcome);
      if (outcome.status === 'error') errors += 1;
    }
    options.onProgress?.({ done: outcomes.size, total: files.length, errors });
  };
  const root = fs.diskRoot;
  const parallel = root !== undefined && files.length >= (options.parallelThreshold ?? PARALLEL_THRESHOLD);
  // One core is left to everything else by default: on 2 cores, to the I/O thread.
  const jobs = parallel ? Math.max(1, options.jobs ?? os.availableParallelism() - 1) : 1;
  const commit = (outcome: FileOutcome): FileOutcome => (writes ? commitOutcome(outcome, (file, text) => fs.write(file, text)) : outcome);
  if (parallel && jobs === 1) {
    // One thread for the compiler: the reads, the pre-filter and the writes go to an I/O thread.
    const io = { root, files, options: pipelineOptions, write: writes };
    const failedWrites = await migrateWithIoThread(io, (file, text) => migrateScreened(file, text, pipeline), record);
    for (const [file, reason] of failedWrites) {
      const outcome = outcomes.get(file);
      if (outcome) outcomes.set(file, writeFailed(outcome, reason));
      errors += 1;
    }
  } else {
    // Each file is written as soon as it is migrated, by the thread that migrated it.
    const local = (batch: readonly string[]) => batch.map((file) => commit(migrateFile(file, fs, pipeline)));
    await runBatches(files, jobs, { root: root ?? '', options: pipelineOptions, write: writes }, local, record);
  }

  // The typed pass may read files the first tier already rewrote: it only asks whether a
  // receiver has a legacy receiver type, and canonical rewrites never change those types.
  const needsTypes = [...outcomes.values()].filter((outcome) => outcome.status === 'needs-types').map((outcome) => outcome.file);
  if (needsTypes.length > 0) {
    const typeRoot = fs.diskRoot ?? fs.typeRoot;
    const typed = typeRoot ? typedPass(typeRoot, needsTypes, pipeline, (file) => fs.read(file)) : needsTypes.map((file) => untyped(file));
    for (const outcome of typed) outcomes.set(outcome.file, commit(outcome));
  }

  const ordered = files.flatMap((file) => outcomes.get(file) ?? []);

  const nextSteps = nextStepsOf(ordered, config, mode, recipe);
  const report = buildReport({
    mode,
    root: fs.diskRoot ?? '.',
    recipe: { id: recipe.id, version: recipe.version },
    dryRun,
    check,
    durationMs: performance.now() - started,
    outcomes: ordered,
    projects: new ProjectLocator(fs),
    nextSteps,
  });
  return { report, diffs: ordered.flatMap((outcome) => (outcome.diff ? [outcome.diff] : [])) };
}

function migrateFile(file: string, fs: MigrationFs, pipeline: Pipeline): FileOutcome {
  const text = fs.read(file);
  return text === undefined ? unreadable(file) : migrateText(file, text, pipeline);
}

/** Without files on disk there is no Program to ask: such a file is reported, never guessed. */
function untyped(file: string): FileOutcome {
  const reason = 'a receiver needs type information, which needs the files on disk; run `unified-ws migrate` from the CLI';
  return fileOutcome(file, 'error', { parsed: true, reason });
}

export function readUserConfig(fs: MigrationFs): UserConfig {
  const text = fs.read(USER_CONFIG_FILE);
  return text === undefined ? parseUserConfig('{}') : parseUserConfig(text, path.join(fs.diskRoot ?? '', USER_CONFIG_FILE));
}

function nextStepsOf(outcomes: readonly FileOutcome[], config: UserConfig, mode: MigrationMode, recipe: Recipe): string[] {
  const steps = outcomes.flatMap((outcome) => outcome.notes ?? []);
  const { create, register } = recipe.canonical.bootstrap;
  if (!config.bootstrap) {
    steps.push(
      `register the emitter once at start-up, next to the socket.io server: \`${register}(${create}({ io, authenticate }))\` from ${recipe.canonical.package} (or name the file in ${USER_CONFIG_FILE} under "bootstrap" and re-run)`,
    );
  }
  const changed = outcomes.some((outcome) => outcome.changed);
  if (changed) {
    const packages = mode === 'compat' ? `${recipe.compat.package} and ${recipe.canonical.package}` : recipe.canonical.package;
    steps.push(`make sure the migrated projects depend on ${packages}`);
  }
  if (outcomes.some((outcome) => outcome.markers.length > 0)) {
    steps.push('resolve the `@unified-ws-migrate-todo` markers (listed above), then run `unified-ws verify`');
  }
  if (mode === 'compat' && changed) steps.push('when the compat phase is deployed, run `unified-ws migrate --to canonical`');
  return steps;
}
