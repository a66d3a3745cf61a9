import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { migrate } from '../engine/migrate.js';
import { EXIT, renderMarkdown } from '../engine/report.js';
import type { KeptImports, MigrationMode } from '../transforms/transform.js';
import { treeFileSystem } from './tree-file-system.js';

export interface MigrateGeneratorOptions {
  /** default 'canonical' */
  to?: MigrationMode;
  /** files or directories relative to the workspace root (default: the whole workspace) */
  paths?: string[];
  /** canonical: where the imports kept for marked sites point (default 'legacy') */
  keptImports?: KeptImports;
  /** a recipe file instead of the shipped one */
  recipe?: string;
  /** write the JSON report into the workspace at this path */
  reportJson?: string;
  /** write the Markdown report into the workspace at this path */
  reportMd?: string;
}

/**
 * `nx g @unified-ws/codemods:migrate`: the CLI's engine over the devkit Tree. Nx reviews and
 * flushes the changes (or shows them and writes nothing, with `--dry-run`); nothing is
 * reformatted, so untouched files and lines stay byte-identical.
 */
export default async function migrateGenerator(tree: Tree, options: MigrateGeneratorOptions = {}): Promise<GeneratorCallback> {
  const { report } = await migrate({
    cwd: tree.root,
    fs: treeFileSystem(tree),
    to: options.to ?? 'canonical',
    paths: options.paths ?? [],
    recipe: options.recipe,
    keptImports: options.keptImports,
    jobs: 1,
    // Nx's own change review replaces the clean-tree check.
    allowDirty: true,
  });
  if (options.reportJson) tree.write(options.reportJson, `${JSON.stringify(report, null, 2)}\n`);
  if (options.reportMd) tree.write(options.reportMd, renderMarkdown(report));
  for (const file of report.files.filter((entry) => entry.status === 'error')) logger.error(`unified-ws: ${file.file}: ${file.reason ?? 'error'}`);
  const { totals } = report;
  logger.info(
    `unified-ws migrate --to ${report.mode}: ${totals.changed} file(s) changed, ${totals.sites} site(s) rewritten, ${totals.markers} marker(s), ${totals.errors} error(s)`,
  );
  return () => {
    if (report.exitCode === EXIT.ok) return;
    for (const step of report.nextSteps) logger.info(`  next: ${step}`);
    if (report.affected.projects.length > 0) logger.info(`  verify: npx nx affected -t lint typecheck test (touched: ${report.affected.projects.join(', ')})`);
  };
}
