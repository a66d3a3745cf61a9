import type { ModuleReferenceKind } from '../ast/module-references.js';
import type { RecipeModule } from '../recipe/recipe-schema.js';

/** Exit codes of `unified-ws audit` (and of `audit()` as data). */
export const AUDIT_EXIT = { ok: 0, errors: 1, belowThreshold: 2 } as const;
export type AuditExitCode = (typeof AUDIT_EXIT)[keyof typeof AUDIT_EXIT];

/**
 * - `canonical`: a call on the `@unified-ws/emitter` API (a run handle's event methods, `emit`,
 *   `emitBatch`; the server's `notifyUser`);
 * - `legacy`: a send through a legacy module's API, or through its compat entry (migrated in
 *   import only);
 * - `duplicate`: code that sends a critical event itself, or an emitter method of its own.
 */
export type SiteCategory = 'canonical' | 'legacy' | 'duplicate';
export type SiteKind = 'run-event' | 'user-notice' | 'legacy-call' | 'direct-send' | 'hand-built-message' | 'own-emitter-method';

/** Why a site is listed but not counted. */
export type Exclusion =
  /** a `@unified-ws-migrate-todo` marker speaks for it: it waits for a human ("markers aside") */
  | 'marker'
  /** it sits in a legacy module's own file: the legacy layer itself, counted through its callers */
  | 'legacy-implementation';

export interface AuditSite {
  file: string;
  line: number;
  category: SiteCategory;
  kind: SiteKind;
  /** what is called or defined: `forRun(…).agentStarted`, `manager.sendToUser`, `BaseAgent.emitThinking` */
  name: string;
  /** the critical event, when the code names it */
  event?: string;
  /** legacy module id: the API a legacy call goes through, or the module a legacy file implements */
  module?: string;
  /** legacy calls: through the legacy path or through the compat shim */
  via?: 'legacy' | 'compat';
  /** the recipe's call-site rule of a legacy call */
  rule?: string;
  /** a legacy call placed by its method name: syntax could not tell what its receiver is */
  byName?: true;
  /** a duplicate send straight through socket.io */
  socketIo?: true;
  project?: string;
  excluded?: Exclusion;
}

/** A reference to a legacy module (or its compat entry) outside the legacy modules themselves. */
export interface AuditImport {
  file: string;
  line: number;
  kind: ModuleReferenceKind;
  /** undefined for the compat package root, which re-exports every module */
  module?: string;
  via: 'legacy' | 'compat';
  specifier: string;
  project?: string;
  /** its file has markers: kept for the sites waiting for a human */
  keptForMarkers: boolean;
}

export interface AuditMarker {
  file: string;
  line: number;
  rule: string;
  reason: string;
  project?: string;
}

export interface Compliance {
  /** canonical / counted × 100, rounded down to one decimal (so only a complete migration shows 100) */
  percent: number;
  canonical: number;
  legacy: number;
  duplicates: number;
  /** canonical + legacy + duplicates */
  counted: number;
  /** sites a marker speaks for, not counted */
  marked: number;
}

export interface ProjectAudit extends Compliance {
  name: string;
  root: string;
  /** references to legacy modules through their legacy paths */
  legacyImports: number;
}

export interface ModuleAudit {
  id: string;
  description: string;
  /** references through its legacy path */
  imports: number;
  /** files holding those references */
  importers: number;
  /** references to its compat entry */
  shimImports: number;
  /** counted legacy call sites through its API */
  sites: number;
  /** legacy call sites through its API that a marker speaks for */
  markedSites: number;
  /** its own files in the tree */
  files: string[];
  /** duplicate-emitter code in those files (listed, not counted) */
  ownEmitterCode: number;
  /**
   * `in-use`: imported through its legacy path; `in-use-through-legacy`: imported only by the
   * files of legacy modules in use (directly or in turn), so it goes when they go; `unused`: still
   * in the tree, imported by nothing in use (delete it); `absent`: not in the tree
   */
  status: 'in-use' | 'in-use-through-legacy' | 'unused' | 'absent';
  /** the legacy modules in use whose own files import it */
  keptBy: string[];
}

/** The machine-readable audit: every number of the summary, the Markdown and the HTML comes from here. */
export interface AuditReport {
  version: 1;
  command: 'audit';
  root: string;
  recipe: { id: string; version: string };
  durationMs: number;
  files: {
    /** source files under the audited paths */
    listed: number;
    /** files that passed the text pre-filter and were parsed */
    parsed: number;
    /** files of the canonical package and of the compat package, which are the sanctioned senders */
    exempt: number;
  };
  compliance: Compliance;
  totals: {
    legacyImports: number;
    shimImports: number;
    /** legacy and shim imports in files with markers: kept for the sites waiting for a human */
    importsKeptForMarkers: number;
    markers: number;
    /** counted duplicate sends that go straight through socket.io */
    socketIoSends: number;
    legacyModulesInUse: number;
    /** duplicate-emitter code inside legacy module files (not counted) */
    legacyImplementationCode: number;
    errors: number;
  };
  projects: ProjectAudit[];
  modules: ModuleAudit[];
  sites: AuditSite[];
  imports: AuditImport[];
  markers: AuditMarker[];
  errors: Array<{ file: string; reason: string }>;
  gate: { failUnder?: number; passed: boolean };
  exitCode: AuditExitCode;
}

export interface AuditReportInput {
  root: string;
  recipe: { id: string; version: string };
  durationMs: number;
  files: AuditReport['files'];
  sites: readonly AuditSite[];
  imports: readonly AuditImport[];
  markers: readonly AuditMarker[];
  errors: AuditReport['errors'];
  modules: readonly RecipeModule[];
  /** module id -> its files in the tree */
  moduleFiles: ReadonlyMap<string, readonly string[]>;
  /** module id -> the legacy modules its own files import */
  moduleImports: ReadonlyMap<string, ReadonlySet<string>>;
  /** project name -> root */
  projectRoots: ReadonlyMap<string, string>;
  failUnder?: number;
}

/** canonical / counted, as a percentage rounded down to one decimal; 100 when nothing is counted. */
export function compliancePercent(canonical: number, counted: number): number {
  return counted === 0 ? 100 : Math.floor((canonical * 1000) / counted) / 10;
}

function complianceOf(sites: readonly AuditSite[]): Compliance {
  const counted = sites.filter((site) => site.excluded === undefined);
  const count = (category: SiteCategory) => counted.filter((site) => site.category === category).length;
  const canonical = count('canonical');
  return {
    percent: compliancePercent(canonical, counted.length),
    canonical,
    legacy: count('legacy'),
    duplicates: count('duplicate'),
    counted: counted.length,
    marked: sites.filter((site) => site.excluded === 'marker').length,
  };
}

export function buildAuditReport(input: AuditReportInput): AuditReport {
  const byFile = <T extends { file: string; line: number }>(items: readonly T[]) =>
    [...items].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const sites = byFile(input.sites);
  const imports = byFile(input.imports);
  const compliance = complianceOf(sites);

  const projectNames = [...new Set([...sites, ...imports, ...input.markers].flatMap((item) => (item.project ? [item.project] : [])))].sort();
  const projects = projectNames.map((name): ProjectAudit => ({
    name,
    root: input.projectRoots.get(name) ?? '',
    ...complianceOf(sites.filter((site) => site.project === name)),
    legacyImports: imports.filter((reference) => reference.project === name && reference.via === 'legacy').length,
  }));

  const keptBy = keptByModulesInUse(input, imports);
  const modules = input.modules.map((module): ModuleAudit => {
    const legacyRefs = imports.filter((reference) => reference.module === module.id && reference.via === 'legacy');
    const calls = sites.filter((site) => site.category === 'legacy' && site.module === module.id);
    const files = [...(input.moduleFiles.get(module.id) ?? [])].sort();
    const importers = new Set(legacyRefs.map((reference) => reference.file)).size;
    return {
      id: module.id,
      description: module.description,
      imports: legacyRefs.length,
      importers,
      shimImports: imports.filter((reference) => reference.module === module.id && reference.via === 'compat').length,
      sites: calls.filter((site) => site.excluded === undefined).length,
      markedSites: calls.filter((site) => site.excluded === 'marker').length,
      files,
      ownEmitterCode: sites.filter((site) => site.excluded === 'legacy-implementation' && site.module === module.id).length,
      status: files.length === 0 ? 'absent' : importers > 0 ? 'in-use' : keptBy.has(module.id) ? 'in-use-through-legacy' : 'unused',
      keptBy: [...(keptBy.get(module.id) ?? [])].sort(),
    };
  });

  const shim = imports.filter((reference) => reference.via === 'compat');
  const errors = [...input.errors].sort((a, b) => a.file.localeCompare(b.file));
  const failUnder = input.failUnder;
  const passed = failUnder === undefined || compliance.canonical * 100 >= failUnder * compliance.counted;
  return {
    version: 1,
    command: 'audit',
    root: input.root,
    recipe: input.recipe,
    durationMs: Math.round(input.durationMs),
    files: input.files,
    compliance,
    totals: {
      legacyImports: imports.length - shim.length,
      shimImports: shim.length,
      importsKeptForMarkers: imports.filter((reference) => reference.keptForMarkers).length,
      markers: input.markers.length,
      socketIoSends: sites.filter((site) => site.socketIo && site.excluded === undefined).length,
      legacyModulesInUse: modules.filter((module) => module.status === 'in-use').length,
      legacyImplementationCode: sites.filter((site) => site.excluded === 'legacy-implementation').length,
      errors: errors.length,
    },
    projects,
    modules,
    sites,
    imports,
    markers: byFile(input.markers),
    errors,
    gate: { ...(failUnder !== undefined ? { failUnder } : {}), passed },
    exitCode: errors.length > 0 ? AUDIT_EXIT.errors : passed ? AUDIT_EXIT.ok : AUDIT_EXIT.belowThreshold,
  };
}

/**
 * Module id -> the legacy modules in use that import it, following imports from the modules
 * imported through their legacy paths: deleting a module one of them imports breaks the build,
 * however little else uses it.
 */
function keptByModulesInUse(input: AuditReportInput, imports: readonly AuditImport[]): Map<string, Set<string>> {
  const inUse = [...new Set(imports.flatMap((reference) => (reference.via === 'legacy' && reference.module ? [reference.module] : [])))];
  const reached = new Set(inUse);
  const keptBy = new Map<string, Set<string>>();
  // The list grows as it is walked: a module reached keeps what it imports in use in turn.
  for (const importer of inUse) {
    for (const imported of input.moduleImports.get(importer) ?? []) {
      keptBy.set(imported, (keptBy.get(imported) ?? new Set()).add(importer));
      if (reached.has(imported)) continue;
      reached.add(imported);
      inUse.push(imported);
    }
  }
  return keptBy;
}
