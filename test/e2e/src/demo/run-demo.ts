import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditReport, MigrationReport } from '@unified-ws/codemods';
import pc from 'picocolors';
import { formatReport } from '../format-report.js';
import { runGoldenPath, type GoldenPathReport } from '../golden-path.js';
import { runServiceTests, typeCheckService, type ServiceTestResult } from '../service-checks.js';
import { copyService, LEGACY_SERVICE_DIR, type ServiceCopy } from '../service-copy.js';
import { startService } from '../start-service.js';
import { migrateWithCli, unifiedWs, verifyWithCli } from '../unified-ws-cli.js';
import { beforeAfterTable, type DemoSummary } from './before-after-table.js';

export interface DemoOptions {
  /** The service to migrate; the bundled legacy chat service by default. */
  source?: string;
  /** Migrate `source` itself instead of a temporary copy of it. */
  inPlace?: boolean;
  /** Where the reports go. */
  reportDir: string;
  /** Users of the golden path. */
  users: number;
  /** Print every step's own output (the migration's is always shown). */
  verbose?: boolean;
  log: (line: string) => void;
}

/**
 * The main job, on a temporary copy of a legacy service: audit, golden path, migrate, tsc, the
 * service's own tests, golden path, audit, verify — then one before/after table and the reports.
 * The golden path runs only for a service that follows the harness contract (`src/main.ts`
 * printing its port); for any other service those rows say so.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const source = path.resolve(options.source ?? LEGACY_SERVICE_DIR);
  let copy: ServiceCopy | undefined;
  const dir = options.inPlace ? source : (copy = copyService(source, 'demo')).dir;
  const reports = path.resolve(options.reportDir);
  mkdirSync(reports, { recursive: true });
  const hasGoldenPath = existsSync(path.join(dir, 'src/main.ts'));
  const summary: DemoSummary = { service: source, workdir: dir, reportDir: reports, steps: [] };
  const step = async <T>(label: string, work: () => Promise<T>, describe: (result: T) => string): Promise<T> => {
    const index = summary.steps.length + 1;
    options.log(pc.bold(`\n[${index}/8] ${label}`));
    const started = performance.now();
    const result = await work();
    const ms = Math.round(performance.now() - started);
    summary.steps.push({ label, ms });
    options.log(`      ${describe(result)} ${pc.dim(`(${(ms / 1000).toFixed(1)} s)`)}`);
    return result;
  };

  try {
    options.log(`${pc.bold('unified-ws')}: migrating ${pc.cyan(source)}${options.inPlace ? '' : pc.dim(` (a temporary copy: ${dir})`)}`);

    summary.auditBefore = await step('audit, before', () => auditTo(dir, reports, 'audit-before'), describeAudit);
    summary.goldenBefore = await step(
      'golden path, before',
      () => goldenPath(dir, options.users, hasGoldenPath, reports, 'golden-path-before', options),
      describeGolden,
    );
    summary.migration = await step(
      'unified-ws migrate --to canonical',
      async () => {
        const run = await migrateWithCli(dir, ['--to', 'canonical', '--kept-imports', 'compat', '--report-md', path.join(reports, 'migrate.md')], {
          inheritOutput: true,
        });
        writeJson(reports, 'migrate.json', run.report);
        return run.report;
      },
      (report: MigrationReport) =>
        `${report.totals.changed} files changed, ${report.totals.sites} call sites rewritten, ${report.totals.markers} marked for a human, ${report.totals.errors} errors`,
    );
    summary.typeCheck = await step('tsc', () => typeCheckService(dir), (result) =>
      result.errors.length === 0 ? pc.green('no type errors') : pc.red(`${result.errors.length} type errors`),
    );
    summary.serviceTests = await step('the service own tests', () => runServiceTests(dir), describeTests);
    summary.goldenAfter = await step(
      'golden path, after',
      () => goldenPath(dir, options.users, hasGoldenPath, reports, 'golden-path-after', options),
      describeGolden,
    );
    summary.auditAfter = await step('audit, after', () => auditTo(dir, reports, 'audit-after'), describeAudit);
    summary.verify = await step(
      'unified-ws verify',
      async () => (await verifyWithCli(dir, ['--allow-compat'])).census,
      (census) =>
        census.totals.legacy === 0
          ? `no legacy import left; ${census.totals.markers} marker(s) left for a human`
          : pc.red(`${census.totals.legacy} legacy reference(s) left`),
    );
    writeJson(reports, 'summary.json', summary);
    options.log(`\n${beforeAfterTable(summary)}`);
    options.log(
      `\nReports: ${pc.cyan(path.relative(process.cwd(), reports) || '.')}/ — audit-before.html, audit-after.html (open in a browser), migrate.md, summary.json`,
    );
    return summary;
  } finally {
    copy?.remove();
  }
}

async function auditTo(dir: string, reports: string, name: string): Promise<AuditReport> {
  const files = { json: path.join(reports, `${name}.json`), md: path.join(reports, `${name}.md`), html: path.join(reports, `${name}.html`) };
  const run = await unifiedWs(['audit', '--json', files.json, '--md', files.md, '--html', files.html], { cwd: dir });
  if (!existsSync(files.json)) throw new Error(`unified-ws audit wrote no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(readFileSync(files.json, 'utf8')) as AuditReport;
}

async function goldenPath(
  dir: string,
  users: number,
  available: boolean,
  reports: string,
  name: string,
  options: DemoOptions,
): Promise<GoldenPathReport | undefined> {
  if (!available) return undefined;
  const service = await startService(dir);
  try {
    const report = await runGoldenPath({ baseUrl: service.baseUrl, users, runsPerUser: 2, seed: 7 });
    writeJson(reports, `${name}.json`, report);
    if (options.verbose) options.log(formatReport(report));
    return report;
  } finally {
    await service.stop();
  }
}

function describeAudit(report: AuditReport): string {
  const { compliance, totals } = report;
  return `compliance ${compliance.percent}% (${compliance.canonical} canonical / ${compliance.counted} agent-event call sites; ${compliance.duplicates} duplicate emitters, ${compliance.marked} marked), ${totals.legacyImports} legacy imports`;
}

function describeGolden(report: GoldenPathReport | undefined): string {
  if (!report) return pc.dim('skipped: the service has no src/main.ts for the harness to start');
  const { totals } = report;
  const problems = totals.lost + totals.duplicated + totals.outOfOrder + totals.wrongType + totals.crossUser;
  const line = `${totals.delivered}/${totals.expected} delivered; lost ${totals.lost}, duplicated ${totals.duplicated}, out of order ${totals.outOfOrder}, wrong type ${totals.wrongType}, cross-user ${totals.crossUser}`;
  return problems === 0 ? pc.green(line) : pc.yellow(line);
}

function describeTests(result: ServiceTestResult): string {
  const line = `${result.passed} passed, ${result.failed} failed in ${result.files} files`;
  return result.failed === 0 && result.passed > 0 ? pc.green(line) : pc.red(line);
}

function writeJson(dir: string, file: string, value: unknown): void {
  writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
}
