import pc from 'picocolors';
import { formatPercent, KIND_LABELS, statusLabel, textBar, usedModules } from '../audit/presentation.js';
import type { AuditReport, AuditSite } from '../audit/report.js';
import type { Progress } from '../engine/migrate.js';
import type { MigrationReport } from '../engine/report.js';
import type { Census } from '../verify/census.js';

/** Where the CLI writes: a terminal gets a progress bar, anything else plain lines. */
export interface OutputStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A one-line progress bar (files, files/s, errors), redrawn at most ten times a second, on a
 * terminal only: in CI logs and pipes it prints nothing.
 */
export function progressBar(stream: OutputStream): { update(progress: Progress): void; done(): void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = performance.now();
  let drawn = 0;
  let visible = false;
  return {
    update({ done, total, errors }) {
      const now = performance.now();
      if (now - drawn < 100 && done < total) return;
      drawn = now;
      const width = 24;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const failed = errors > 0 ? pc.red(` · ${errors} error${errors > 1 ? 's' : ''}`) : '';
      stream.write(`\r${bar} ${done}/${total} files · ${rate} files/s${failed}\u001b[K`);
      visible = true;
    },
    done() {
      if (visible) stream.write('\r\u001b[K');
    },
  };
}

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = (cells[0] ?? []).map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

/** Markers printed by the summary; the reports list every one. */
const MARKERS_LISTED = 20;

export function migrateSummary(report: MigrationReport): string {
  const { totals } = report;
  const verb = report.dryRun || report.check ? 'would change' : 'changed';
  const lines = [
    pc.bold(`unified-ws migrate --to ${report.mode}`) + pc.dim(`  ${report.durationMs} ms${report.dryRun ? ' · dry run' : ''}${report.check ? ' · check' : ''}`),
    '',
    table([
      ['files', 'parsed', verb, 'needs manual', 'skipped', 'errors', 'sites', 'markers'],
      [totals.files, totals.parsed, totals.changed, totals.needsManual, totals.skipped, totals.errors, totals.sites, totals.markers],
    ]),
  ];
  if (report.rules.length > 0) {
    lines.push('', table([['rule', 'rewritten', 'markers', 'files'], ...report.rules.map((rule) => [rule.id, rule.changed, rule.markers, rule.files])]));
  }
  for (const file of report.files.filter((entry) => entry.status === 'error')) lines.push(pc.red(`error  ${file.file}: ${file.reason ?? ''}`));
  // A terminal is no place for hundreds of markers: the first ones, then where the rest are.
  const markers = report.files.flatMap((file) => file.markers.map((marker) => `manual ${file.file}:${marker.line} ${marker.rule}`));
  for (const line of markers.slice(0, MARKERS_LISTED)) lines.push(pc.yellow(line));
  if (markers.length > MARKERS_LISTED) {
    lines.push(pc.yellow(`… and ${markers.length - MARKERS_LISTED} more: --report-md / --report-json list them all, or grep -rn @unified-ws-migrate-todo`));
  }
  const command = report.affected.command;
  if (command) {
    lines.push('', `Touched Nx projects: ${report.affected.projects.join(', ') || '(none found)'}`);
    lines.push(pc.dim(command.length > 400 ? `${command.slice(0, 400)}… (full command in the JSON report)` : command));
  }
  if (report.nextSteps.length > 0) lines.push('', 'Next steps:', ...report.nextSteps.map((step) => `  - ${step}`));
  lines.push('', exitLine(report.exitCode));
  return lines.join('\n');
}

function exitLine(code: number): string {
  switch (code) {
    case 0:
      return pc.green('done');
    case 1:
      return pc.red('errors: some files were left as they were (exit 1)');
    case 2:
      return pc.yellow('changes pending (exit 2)');
    default:
      return pc.yellow('manual markers remain (exit 3)');
  }
}

export function verifySummary(census: Census): string {
  const lines = [
    pc.bold('unified-ws verify'),
    '',
    table([
      ['files', 'legacy refs', 'compat refs', 'markers', 'unexplained', 'errors'],
      [census.files, census.totals.legacy, census.totals.compat, census.totals.markers, census.totals.uncovered, census.totals.errors],
    ]),
  ];
  for (const site of census.sites) {
    const label = site.via === 'marker' ? pc.yellow(`marker ${site.id}`) : site.covered ? pc.yellow(`${site.kind} (kept for a marker)`) : pc.red(site.kind);
    lines.push(`${site.file}:${site.line}  ${label}  ${site.text}`);
  }
  for (const error of census.errors) lines.push(pc.red(`error  ${error.file}: ${error.reason}`));
  lines.push('', census.exitCode === 0 ? pc.green('no legacy references left') : census.exitCode === 3 ? pc.yellow('only marked sites remain (exit 3)') : pc.red('legacy references remain (exit 1)'));
  return lines.join('\n');
}

/** How many counted sites of one kind the summary lists before pointing at the reports. */
const LISTED_SITES = 20;

export function auditSummary(report: AuditReport, written: readonly string[]): string {
  const { compliance, totals } = report;
  const tone = compliance.percent === 100 ? pc.green : compliance.percent >= 50 ? pc.yellow : pc.red;
  const lines = [
    pc.bold('unified-ws audit') + pc.dim(`  ${report.durationMs} ms · ${report.files.listed} files, ${report.files.parsed} parsed`),
    '',
    `compliance  ${tone(pc.bold(formatPercent(compliance.percent)))}  ${tone(textBar(compliance.percent / 100))}  ${pc.dim('markers aside')}`,
    `  canonical ${compliance.canonical} · legacy ${compliance.legacy} · duplicate emitters ${compliance.duplicates} (socket.io ${totals.socketIoSends}) · marked ${compliance.marked} (not counted)`,
    `  legacy imports ${totals.legacyImports} · shim imports ${totals.shimImports} · kept for markers ${totals.importsKeptForMarkers} · markers left ${totals.markers} · legacy modules in use ${totals.legacyModulesInUse}`,
  ];
  if (report.projects.length > 0) {
    lines.push(
      '',
      table([
        ['project', 'compliance', 'canonical', 'legacy', 'duplicates', 'marked'],
        ...report.projects.map((project) => [project.name, formatPercent(project.percent), project.canonical, project.legacy, project.duplicates, project.marked]),
      ]),
    );
  }
  const modules = usedModules(report);
  if (modules.length > 0) {
    lines.push(
      '',
      table([
        ['legacy module', 'imports', 'shim', 'sites', 'marked', 'legacy file'],
        ...modules.map((module) => [module.id, module.imports, module.shimImports, module.sites, module.markedSites, statusLabel(module)]),
      ]),
    );
  }
  const counted = (category: AuditSite['category']) => report.sites.filter((site) => site.category === category && site.excluded === undefined);
  for (const [title, sites] of [
    ['duplicate emitters', counted('duplicate')],
    ['legacy call sites', counted('legacy')],
  ] as const) {
    if (sites.length === 0) continue;
    lines.push('', `${title}:`);
    for (const site of sites.slice(0, LISTED_SITES)) lines.push(`  ${site.file}:${site.line}  ${pc.red(KIND_LABELS[site.kind])}  ${site.name}`);
    if (sites.length > LISTED_SITES) lines.push(pc.dim(`  … ${sites.length - LISTED_SITES} more in the reports`));
  }
  const implementations = report.modules.filter((module) => module.files.length > 0);
  if (implementations.length > 0) {
    const unused = implementations.filter((module) => module.status === 'unused').map((module) => module.id);
    const throughLegacy = implementations.filter((module) => module.status === 'in-use-through-legacy');
    lines.push(
      '',
      `legacy implementations: ${implementations.length} modules still in the tree, with ${totals.legacyImplementationCode} places of emitter code (listed, not counted)`,
    );
    if (throughLegacy.length > 0) {
      const kept = throughLegacy.map((module) => `${module.id} (by ${module.keptBy.join(', ')})`);
      lines.push(`  imported only by legacy modules in use (delete them after those): ${kept.join(', ')}`);
    }
    if (unused.length > 0) lines.push(`  unused, nothing imports them (delete them): ${unused.join(', ')}`);
  }
  if (totals.markers > 0) lines.push(`markers left: ${totals.markers} (grep -rn @unified-ws-migrate-todo, or the reports)`);
  for (const error of report.errors) lines.push(pc.red(`error  ${error.file}: ${error.reason}`));
  if (written.length > 0) lines.push('', `wrote ${written.join(', ')}`);
  lines.push('', auditExitLine(report));
  return lines.join('\n');
}

function auditExitLine(report: AuditReport): string {
  const { failUnder } = report.gate;
  const percent = formatPercent(report.compliance.percent);
  if (report.exitCode === 1) return pc.red(`errors: ${report.errors.length} file${report.errors.length > 1 ? 's' : ''} could not be audited (exit 1)`);
  if (report.exitCode === 2) return pc.red(`compliance ${percent} is below --fail-under ${failUnder} (exit 2)`);
  return pc.green(failUnder === undefined ? 'done' : `compliance ${percent} meets --fail-under ${failUnder}`);
}
