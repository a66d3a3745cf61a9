import { diskFileSystem, listFilesToCheck, type MigrationFs } from '../engine/file-system.js';
import { readUserConfig } from '../engine/migrate.js';
import { normalizeFile } from '../engine/pipeline.js';
import { ProjectLocator } from '../engine/projects.js';
import { compileRecipe } from '../recipe/compiled-recipe.js';
import { DEFAULT_RECIPE_PATH, loadRecipe, parseRecipe } from '../recipe/load-recipe.js';
import type { Recipe, UserConfig } from '../recipe/recipe-schema.js';
import { compileDetection } from './detection.js';
import { buildAuditReport, type AuditImport, type AuditMarker, type AuditReport, type AuditSite } from './report.js';
import { scanFile } from './scan-file.js';

export interface AuditOptions {
  /** the audit root: paths, the config file and the report's file names are relative to it */
  cwd: string;
  /** files or directories under `cwd` (default: all of it) */
  paths?: readonly string[];
  /** a recipe file or object (default: the shipped one) */
  recipe?: string | Recipe;
  /** overrides `unified-ws.config.json` */
  config?: UserConfig;
  /** the file system (default: the disk at `cwd`) */
  fs?: MigrationFs;
  /** the CI gate: exit code 2 when compliance is below this percentage */
  failUnder?: number;
}

/**
 * The single-source-of-truth audit as a library call: every agent-event call site of the tree,
 * classified as canonical, legacy or duplicate, with the legacy imports and the markers left,
 * rolled up per Nx project and per legacy module. Reads only; shared by the CLI and CI.
 */
export async function audit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const fs = options.fs ?? diskFileSystem(options.cwd);
  const recipe = typeof options.recipe === 'object' ? parseRecipe(options.recipe) : loadRecipe(options.recipe ?? DEFAULT_RECIPE_PATH);
  const ctx = { recipe: compileRecipe(recipe, options.config ?? readUserConfig(fs)), rules: compileDetection(recipe) };
  const projects = new ProjectLocator(fs);
  // The emitter and the shim are the sanctioned senders: their own code is not audited.
  const exemptProjects = new Set([recipe.canonical.package, recipe.compat.package]);

  const files = await listFilesToCheck(fs, (options.paths ?? []).map(normalizeFile));
  const sites: AuditSite[] = [];
  const imports: AuditImport[] = [];
  const markers: AuditMarker[] = [];
  const errors: AuditReport['errors'] = [];
  const moduleFiles = new Map<string, string[]>();
  const moduleImports = new Map<string, Set<string>>();
  const projectRoots = new Map<string, string>();
  let parsed = 0;
  let exempt = 0;
  for (const file of files) {
    const project = projects.of(file);
    if (project && exemptProjects.has(project.name)) {
      exempt += 1;
      continue;
    }
    const module = ctx.recipe.matcher.moduleOfFile(file);
    if (module) moduleFiles.set(module.id, [...(moduleFiles.get(module.id) ?? []), file]);
    const text = fs.read(file);
    if (text === undefined) {
      errors.push({ file, reason: 'cannot read' });
      continue;
    }
    const scan = scanFile(file, text, ctx);
    if (scan.parsed) parsed += 1;
    if (module && scan.moduleImports.length > 0) moduleImports.set(module.id, new Set([...(moduleImports.get(module.id) ?? []), ...scan.moduleImports]));
    if (scan.error) errors.push({ file, reason: scan.error });
    const owned = project ? { project: project.name } : {};
    if (project && (scan.sites.length > 0 || scan.imports.length > 0 || scan.markers.length > 0)) projectRoots.set(project.name, project.root);
    sites.push(...scan.sites.map((site) => ({ ...site, ...owned })));
    imports.push(...scan.imports.map((reference) => ({ ...reference, ...owned })));
    markers.push(...scan.markers.map((marker) => ({ file, ...marker, ...owned })));
  }
  return buildAuditReport({
    root: fs.diskRoot ?? '.',
    recipe: { id: recipe.id, version: recipe.version },
    durationMs: performance.now() - started,
    files: { listed: files.length, parsed, exempt },
    sites,
    imports,
    markers,
    errors,
    modules: recipe.modules,
    moduleFiles,
    moduleImports,
    projectRoots,
    ...(options.failUnder !== undefined ? { failUnder: options.failUnder } : {}),
  });
}
