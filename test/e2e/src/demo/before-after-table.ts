import type { AuditReport, Census, MigrationReport } from '@unified-ws/codemods';
import pc from 'picocolors';
import type { GoldenPathReport } from '../golden-path.js';
import type { CommandResult, ServiceTestResult } from '../service-checks.js';

/** Everything the demo measured; `summary.json` in the report folder. */
export interface DemoSummary {
  service: string;
  workdir: string;
  reportDir: string;
  steps: Array<{ label: string; ms: number }>;
  auditBefore?: AuditReport;
  goldenBefore?: GoldenPathReport;
  migration?: MigrationReport;
  typeCheck?: CommandResult & { errors: string[] };
  serviceTests?: ServiceTestResult;
  goldenAfter?: GoldenPathReport;
  auditAfter?: AuditReport;
  verify?: Census;
}

type Cell = string | undefined;

/** Whether the "after" state is what a finished migration promises: the demo's exit code. */
export function migrationSucceeded(summary: DemoSummary): boolean {
  const golden = summary.goldenAfter;
  const goldenClean =
    !golden ||
    (golden.totals.lost === 0 &&
      golden.totals.duplicated === 0 &&
      golden.totals.outOfOrder === 0 &&
      golden.totals.wrongType === 0 &&
      golden.totals.crossUser === 0);
  return (
    summary.migration?.totals.errors === 0 &&
    summary.typeCheck?.errors.length === 0 &&
    summary.serviceTests?.failed === 0 &&
    goldenClean &&
    summary.auditAfter?.compliance.percent === 100 &&
    summary.verify?.totals.legacy === 0
  );
}

/** The one table the demo ends with: each measure before and after the migration. */
export function beforeAfterTable(summary: DemoSummary): string {
  const before = summary.goldenBefore?.totals;
  const after = summary.goldenAfter?.totals;
  const golden = (totals: typeof before, field: keyof NonNullable<typeof before>): Cell => (totals ? String(totals[field]) : undefined);
  const percent = (report: AuditReport | undefined): Cell => (report ? `${report.compliance.percent}%` : undefined);
  const rows: Array<[string, Cell, Cell]> = [
    ['SSOT compliance (audit, markers aside)', percent(summary.auditBefore), percent(summary.auditAfter)],
    ['agent-event call sites on the canonical API', count(summary.auditBefore?.compliance.canonical), count(summary.auditAfter?.compliance.canonical)],
    ['legacy call sites', count(summary.auditBefore?.compliance.legacy), count(summary.auditAfter?.compliance.legacy)],
    ['duplicate emitters', count(summary.auditBefore?.compliance.duplicates), count(summary.auditAfter?.compliance.duplicates)],
    ['legacy imports', count(summary.auditBefore?.totals.legacyImports), count(summary.auditAfter?.totals.legacyImports)],
    ['migration markers left for a human', count(summary.auditBefore?.totals.markers), count(summary.auditAfter?.totals.markers)],
    ['golden path: events delivered', before && `${before.delivered}/${before.expected}`, after && `${after.delivered}/${after.expected}`],
    ['  lost', golden(before, 'lost'), golden(after, 'lost')],
    ['  duplicated', golden(before, 'duplicated'), golden(after, 'duplicated')],
    ['  out of order', golden(before, 'outOfOrder'), golden(after, 'outOfOrder')],
    ['  wrong type', golden(before, 'wrongType'), golden(after, 'wrongType')],
    ['  cross-user', golden(before, 'crossUser'), golden(after, 'crossUser')],
    ['tsc errors', undefined, count(summary.typeCheck?.errors.length)],
    ['the service own tests', undefined, summary.serviceTests && `${summary.serviceTests.passed} passed, ${summary.serviceTests.failed} failed`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const show = (cell: Cell) => (cell ?? '-').padStart(12);
  const lines = [
    pc.bold(`${''.padEnd(width)}  ${'before'.padStart(12)}  ${'after'.padStart(12)}`),
    ...rows.map(([label, left, right]) => `${label.padEnd(width)}  ${show(left)}  ${show(right)}`),
  ];
  const total = summary.steps.reduce((sum, step) => sum + step.ms, 0);
  lines.push('', migrationSucceeded(summary) ? pc.green(`migration complete in ${(total / 1000).toFixed(1)} s`) : pc.red('migration incomplete: see above'));
  return lines.join('\n');
}

function count(value: number | undefined): Cell {
  return value === undefined ? undefined : String(value);
}
