import { readFileSync } from 'node:fs';
import path from 'node:path';
import { audit, migrate, type AuditReport, type MigrationReport } from '@unified-ws/codemods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFormsDocument, type FormsDocument } from '../src/migration-forms/forms-document.js';
import { copyService, LEGACY_SERVICE_DIR as FIXTURE, type ServiceCopy } from '../src/service-copy.js';

/**
 * `unified-ws audit` on the legacy chat service, before and after `migrate --to canonical`, on
 * a temporary copy (its node_modules a link to the workspace's): the audit before lists every
 * duplicate emitter MIGRATION-FORMS.md names, with file:line; after, compliance is 100% with
 * the markers aside, no legacy import is left, and the legacy modules' own files, still in
 * the tree, are reported as unused instead of counting against compliance.
 */

/**
 * The call-site patterns of MIGRATION-FORMS.md that send the five events through an emitter of
 * their own (legacy-system.md §a.3, §d.17–18): the bridges, the agents and their mixin, the
 * emitter's direct users, the executor's phases, the data agent.
 */
const EMITTING_PATTERNS = ['bridge-emits', 'agent-emits', 'emitter-emits', 'executor-phase', 'data-agent-emits'] as const;

/** The emitter classes of the legacy catalog the fixture implements (legacy-system.md §a.3). */
const EMITTER_CLASSES = ['UnifiedWebSocketEmitter', 'AgentWebSocketBridge', 'WebSocketNotifier', 'WebSocketBridgeAdapter', 'StandardWebSocketBridge', 'BaseAgent'];

let service: ServiceCopy | undefined;
let copy: string;
let forms: FormsDocument;
let before: AuditReport;
let after: AuditReport;
let migration: MigrationReport;

beforeAll(async () => {
  service = copyService(FIXTURE, 'audit');
  copy = service.dir;
  forms = parseFormsDocument(readFileSync(path.join(FIXTURE, 'MIGRATION-FORMS.md'), 'utf8'));
  before = await audit({ cwd: copy, failUnder: 100 });
  ({ report: migration } = await migrate({ cwd: copy, to: 'canonical', keptImports: 'compat', allowDirty: true }));
  after = await audit({ cwd: copy, failUnder: 100 });
}, 120_000);

afterAll(() => {
  service?.remove();
});

/** The source lines a site may span from its reported line (a call chain continues on the next lines). */
function sourceAround(file: string, line: number, span = 3): string {
  return readFileSync(path.join(FIXTURE, file), 'utf8').split('\n').slice(line - 1, line - 1 + span).join('\n');
}

describe('audit before the migration', () => {
  it('lists every duplicate emitter MIGRATION-FORMS.md names, with file:line', () => {
    const named = new Set<string>();
    for (const pattern of EMITTING_PATTERNS) {
      const row = forms.patterns.get(pattern);
      expect(row?.files.length, `MIGRATION-FORMS.md lists ${pattern}`).toBeGreaterThan(0);
      for (const file of row?.files ?? []) named.add(file);
    }
    for (const file of named) {
      const sites = before.sites.filter((site) => site.file === file && site.category !== 'canonical');
      expect(sites.length, `${file} is listed`).toBeGreaterThan(0);
      for (const site of sites) {
        // The line is right: the name the report gives is in the code there.
        const called = site.name.split('.').at(-1)!.replace(/[(…)]/g, '');
        expect(sourceAround(file, site.line), `${file}:${site.line} ${site.name}`).toContain(called);
      }
    }
    const owners = new Set(before.sites.filter((site) => site.kind === 'own-emitter-method').map((site) => site.name.split('.')[0]));
    expect([...owners]).toEqual(expect.arrayContaining(EMITTER_CLASSES));
  });

  it('finds each legacy module of the bug table in the tree, imported', () => {
    const implementations = new Map(before.modules.flatMap((module) => module.files.map((file) => [file, module] as const)));
    const legacyPaths = forms.bugPaths.filter((file) => implementations.has(file));
    expect(legacyPaths.length).toBeGreaterThanOrEqual(10);
    for (const file of legacyPaths) expect(implementations.get(file)?.status, file).toBe('in-use');
  });

  it('measures 0% with legacy calls and duplicates, and fails a --fail-under 100 gate', () => {
    expect(before.compliance).toMatchObject({ percent: 0, canonical: 0, marked: 0 });
    expect(before.compliance.legacy).toBeGreaterThan(0);
    expect(before.compliance.duplicates).toBeGreaterThan(0);
    expect(before.totals.legacyImports).toBeGreaterThan(0);
    expect(before.exitCode).toBe(2);
  });
});

describe('audit after migrate --to canonical --kept-imports compat', () => {
  it('shows 100% compliance, markers aside, and passes a --fail-under 100 gate', () => {
    expect(migration.exitCode).toBe(3);
    expect(after.compliance).toMatchObject({ percent: 100, legacy: 0, duplicates: 0 });
    expect(after.compliance.canonical).toBeGreaterThan(0);
    expect(after.compliance.marked).toBeGreaterThan(0);
    expect(after.errors).toEqual([]);
    expect(after.exitCode).toBe(0);
  });

  it('leaves no legacy module import: what is left goes through the shim, for marked sites', () => {
    expect(after.totals.legacyImports).toBe(0);
    expect(after.imports.length).toBeGreaterThan(0);
    for (const reference of after.imports) {
      expect(reference, `${reference.file}:${reference.line}`).toMatchObject({ via: 'compat', keptForMarkers: true });
    }
    expect(after.totals.importsKeptForMarkers).toBe(after.totals.shimImports);
  });

  it('lists the markers the migration left, each at its comment', () => {
    expect(after.markers.length).toBe(migration.totals.markers);
    for (const marker of after.markers) {
      const line = readFileSync(path.join(copy, marker.file), 'utf8').split('\n')[marker.line - 1];
      expect(line, `${marker.file}:${marker.line}`).toContain(`@unified-ws-migrate-todo(${marker.rule})`);
    }
  });

  it('reports the legacy modules, still in the tree, as unused: their emitter code listed, not counted', () => {
    const implementations = after.modules.filter((module) => module.files.length > 0);
    expect(implementations.length).toBeGreaterThanOrEqual(10);
    for (const module of implementations) expect(module.status, module.id).toBe('unused');
    expect(after.totals.legacyModulesInUse).toBe(0);
    expect(after.totals.legacyImplementationCode).toBe(before.totals.legacyImplementationCode);
    expect(after.totals.legacyImplementationCode).toBeGreaterThan(0);
    expect(after.sites.filter((site) => site.excluded === 'legacy-implementation').every((site) => site.category === 'duplicate' && site.module)).toBe(true);
  });
});
