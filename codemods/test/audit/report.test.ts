import { describe, expect, it } from 'vitest';
import { AUDIT_EXIT, buildAuditReport, compliancePercent, type AuditImport, type AuditReportInput, type AuditSite } from '../../src/audit/report.js';
import { loadRecipe } from '../../src/recipe/index.js';

const recipe = loadRecipe();

function site(category: AuditSite['category'], extra: Partial<AuditSite> = {}): AuditSite {
  const kind = category === 'canonical' ? 'run-event' : category === 'legacy' ? 'legacy-call' : 'direct-send';
  return { file: 'src/a.ts', line: 1, category, kind, name: 'x', project: 'app', ...extra };
}

function reference(module: string, via: AuditImport['via'], file = 'src/a.ts'): AuditImport {
  return { file, line: 1, kind: 'import', module, via, specifier: module, project: 'app', keptForMarkers: false };
}

function input(overrides: Partial<AuditReportInput> = {}): AuditReportInput {
  return {
    root: '/repo',
    recipe: { id: recipe.id, version: recipe.version },
    durationMs: 1,
    files: { listed: 3, parsed: 2, exempt: 0 },
    sites: [],
    imports: [],
    markers: [],
    errors: [],
    modules: recipe.modules,
    moduleFiles: new Map(),
    moduleImports: new Map(),
    projectRoots: new Map([['app', 'apps/app']]),
    ...overrides,
  };
}

describe('compliancePercent', () => {
  it.each([
    [0, 0, 100],
    [0, 4, 0],
    [1, 4, 25],
    [2, 3, 66.6],
    [1, 3, 33.3],
    [1999, 2000, 99.9],
    [7, 7, 100],
  ])('%i of %i -> %d (rounded down: only a complete migration shows 100)', (canonical, counted, percent) => {
    expect(compliancePercent(canonical, counted)).toBe(percent);
  });
});

describe('buildAuditReport', () => {
  it('counts canonical / (canonical + legacy + duplicates), leaving marked sites and legacy implementations out', () => {
    const report = buildAuditReport(
      input({
        sites: [
          site('canonical'),
          site('canonical'),
          site('legacy', { module: 'executor' }),
          site('duplicate', { socketIo: true }),
          site('legacy', { excluded: 'marker', module: 'executor' }),
          site('duplicate', { excluded: 'marker' }),
          site('duplicate', { excluded: 'legacy-implementation', module: 'unified-emitter', project: 'app' }),
        ],
      }),
    );
    expect(report.compliance).toEqual({ percent: 50, canonical: 2, legacy: 1, duplicates: 1, counted: 4, marked: 2 });
    expect(report.totals).toMatchObject({ legacyImplementationCode: 1, socketIoSends: 1 });
    expect(report.projects).toEqual([{ name: 'app', root: 'apps/app', percent: 50, canonical: 2, legacy: 1, duplicates: 1, counted: 4, marked: 2, legacyImports: 0 }]);
  });

  it('rolls up per Nx project', () => {
    const report = buildAuditReport(
      input({
        sites: [site('canonical', { project: 'api' }), site('legacy', { project: 'api' }), site('canonical', { project: 'worker' })],
        imports: [reference('executor', 'legacy'), { ...reference('executor', 'legacy'), project: 'api' }],
        projectRoots: new Map([
          ['api', 'apps/api'],
          ['worker', 'apps/worker'],
        ]),
      }),
    );
    expect(report.projects.map(({ name, root, percent, legacyImports }) => ({ name, root, percent, legacyImports }))).toEqual([
      { name: 'api', root: 'apps/api', percent: 50, legacyImports: 1 },
      { name: 'app', root: '', percent: 100, legacyImports: 1 },
      { name: 'worker', root: 'apps/worker', percent: 100, legacyImports: 0 },
    ]);
  });

  it('tells per legacy module what is in use, unused (delete it) or absent', () => {
    const report = buildAuditReport(
      input({
        imports: [reference('executor', 'legacy', 'src/a.ts'), reference('executor', 'legacy', 'src/b.ts'), reference('executor', 'legacy', 'src/b.ts'), reference('auth', 'compat')],
        sites: [site('legacy', { module: 'executor' }), site('legacy', { module: 'auth', excluded: 'marker' }), site('duplicate', { module: 'auth', excluded: 'legacy-implementation' })],
        moduleFiles: new Map([
          ['executor', ['src/agents/base/executor.ts']],
          ['auth', ['src/websocket-core/auth.ts']],
        ]),
      }),
    );
    const byId = new Map(report.modules.map((module) => [module.id, module]));
    expect(byId.get('executor')).toMatchObject({ imports: 3, importers: 2, shimImports: 0, sites: 1, markedSites: 0, status: 'in-use' });
    expect(byId.get('auth')).toMatchObject({ imports: 0, importers: 0, shimImports: 1, sites: 0, markedSites: 1, ownEmitterCode: 1, status: 'unused' });
    expect(byId.get('handlers')).toMatchObject({ files: [], status: 'absent' });
    expect(report.totals).toMatchObject({ legacyImports: 3, shimImports: 1, legacyModulesInUse: 1 });
    expect(report.modules.map((module) => module.id)).toEqual(recipe.modules.map((module) => module.id));
  });

  it('keeps what legacy modules in use import, in turn: in use through them, never unused (delete it)', () => {
    const report = buildAuditReport(
      input({
        imports: [reference('websocket-manager-factory', 'legacy')],
        moduleFiles: new Map(
          ['websocket-manager-factory', 'websocket-manager', 'unified-manager', 'manager', 'protocols'].map((id) => [id, [`src/websocket-core/${id}.ts`]]),
        ),
        moduleImports: new Map([
          ['websocket-manager-factory', new Set(['websocket-manager'])],
          // a cycle back to a module in use changes nothing
          ['websocket-manager', new Set(['unified-manager', 'websocket-manager-factory'])],
          // what only an unused module imports goes with it
          ['manager', new Set(['websocket-manager', 'protocols'])],
        ]),
      }),
    );
    const byId = new Map(report.modules.map((module) => [module.id, module]));
    expect(byId.get('websocket-manager-factory')).toMatchObject({ status: 'in-use', keptBy: ['websocket-manager'] });
    expect(byId.get('websocket-manager')).toMatchObject({ status: 'in-use-through-legacy', keptBy: ['websocket-manager-factory'] });
    expect(byId.get('unified-manager')).toMatchObject({ status: 'in-use-through-legacy', keptBy: ['websocket-manager'] });
    expect(byId.get('manager')).toMatchObject({ status: 'unused', keptBy: [] });
    expect(byId.get('protocols')).toMatchObject({ status: 'unused', keptBy: [] });
    expect(report.totals.legacyModulesInUse).toBe(1);
  });

  it('gates on the exact ratio: exit 2 below --fail-under, 0 at or above, 1 on errors whatever the ratio', () => {
    const twoOfThree = [site('canonical'), site('canonical'), site('legacy')];
    const at = (failUnder: number | undefined, errors: AuditReportInput['errors'] = []) =>
      buildAuditReport(input({ sites: twoOfThree, errors, ...(failUnder === undefined ? {} : { failUnder }) }));
    expect(at(undefined)).toMatchObject({ gate: { passed: true }, exitCode: AUDIT_EXIT.ok });
    expect(at(66.6)).toMatchObject({ gate: { failUnder: 66.6, passed: true }, exitCode: AUDIT_EXIT.ok });
    // 66.6 is shown, but 66.67 is not reached: the gate reads the ratio, not the rounded figure.
    expect(at(66.67)).toMatchObject({ compliance: { percent: 66.6 }, gate: { passed: false }, exitCode: AUDIT_EXIT.belowThreshold });
    expect(at(100)).toMatchObject({ exitCode: AUDIT_EXIT.belowThreshold });
    expect(at(0, [{ file: 'src/broken.ts', reason: 'does not parse' }])).toMatchObject({ exitCode: AUDIT_EXIT.errors, totals: { errors: 1 } });
    expect(buildAuditReport(input({ failUnder: 100 }))).toMatchObject({ compliance: { counted: 0, percent: 100 }, exitCode: AUDIT_EXIT.ok });
  });

  it('sorts sites, imports and markers by file and line', () => {
    const report = buildAuditReport(
      input({
        sites: [site('legacy', { file: 'src/b.ts', line: 2 }), site('legacy', { file: 'src/a.ts', line: 9 }), site('legacy', { file: 'src/b.ts', line: 1 })],
        markers: [
          { file: 'src/z.ts', line: 1, rule: 'r', reason: 'x' },
          { file: 'src/a.ts', line: 3, rule: 'r', reason: 'x' },
        ],
      }),
    );
    expect(report.sites.map(({ file, line }) => `${file}:${line}`)).toEqual(['src/a.ts:9', 'src/b.ts:1', 'src/b.ts:2']);
    expect(report.markers.map(({ file }) => file)).toEqual(['src/a.ts', 'src/z.ts']);
  });
});
