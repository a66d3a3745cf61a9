import {
  duplicateSites,
  exclusionLabel,
  formatPercent,
  gateLabel,
  headline,
  KIND_LABELS,
  METRIC_DEFINITION,
  type RenderOptions,
  siteHref,
  statusLabel,
  textBar,
  usedModules,
} from './presentation.js';
import type { AuditReport } from './report.js';

/** The human report as Markdown: the same data as the JSON report, tables first. */
export function renderAuditMarkdown(report: AuditReport, options: RenderOptions = {}): string {
  const base = options.linkBase ?? '';
  const where = (file: string, line: number) => `[${file}:${line}](${siteHref(base, file, line)})`;
  const code = (text: string) => `\`${text.replaceAll('`', "'")}\``;
  const { compliance, totals } = report;
  const lines: string[] = [];
  const section = (title: string, ...body: string[]) => lines.push(`## ${title}`, '', ...body, '');

  lines.push('# unified-ws audit', '');
  lines.push(`**Compliance: ${formatPercent(compliance.percent)}** (markers aside): ${headline(report)}.`, '');
  lines.push('| canonical | legacy | duplicate emitters | counted | marked (not counted) |', '| ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| ${compliance.canonical} | ${compliance.legacy} | ${compliance.duplicates} | ${compliance.counted} | ${compliance.marked} |`, '');
  lines.push('| straight through socket.io | legacy imports | shim imports | imports kept for markers | markers left | legacy modules in use | errors |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| ${totals.socketIoSends} | ${totals.legacyImports} | ${totals.shimImports} | ${totals.importsKeptForMarkers} | ${totals.markers} | ${totals.legacyModulesInUse} | ${totals.errors} |`, '');
  lines.push(
    `Recipe ${code(report.recipe.id)} ${report.recipe.version} · ${report.files.listed} files, ${report.files.parsed} parsed, ${report.files.exempt} exempt · ${report.durationMs} ms${gateLabel(report)} · exit ${report.exitCode}`,
    '',
  );

  if (report.projects.length > 0) {
    section(
      'Nx projects',
      '| project | compliance | | canonical | legacy | duplicates | marked | legacy imports |',
      '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
      ...report.projects.map(
        (project) =>
          `| ${code(project.name)} | ${formatPercent(project.percent)} | ${code(textBar(project.percent / 100))} | ${project.canonical} | ${project.legacy} | ${project.duplicates} | ${project.marked} | ${project.legacyImports} |`,
      ),
    );
  }

  const present = usedModules(report);
  if (present.length > 0) {
    const largest = Math.max(1, ...present.map((module) => module.imports + module.sites));
    section(
      'Legacy modules',
      'What still uses each legacy module of the recipe: references through its legacy path or through the shim, sends through its API.',
      '',
      '| module | legacy file | imports (files) | shim imports | call sites | marked | remaining |',
      '| --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...present.map(
        (module) =>
          `| ${code(module.id)} | ${statusLabel(module)} | ${module.imports} (${module.importers}) | ${module.shimImports} | ${module.sites} | ${module.markedSites} | ${code(textBar((module.imports + module.sites) / largest, 12))} |`,
      ),
    );
  }

  const duplicates = duplicateSites(report);
  section(
    `Duplicate emitters (${compliance.duplicates} counted, ${duplicates.length} listed)`,
    ...(duplicates.length === 0
      ? ['None.']
      : [
          '| where | what | name | event | counts as |',
          '| --- | --- | --- | --- | --- |',
          ...duplicates.map(
            (site) =>
              `| ${where(site.file, site.line)} | ${KIND_LABELS[site.kind]}${site.socketIo ? ' (socket.io)' : ''} | ${code(site.name)} | ${site.event ?? ''} | ${exclusionLabel(site)} |`,
          ),
        ]),
  );

  const implementations = report.modules.filter((module) => module.files.length > 0);
  if (implementations.length > 0) {
    section(
      'Legacy implementations (listed, not counted)',
      'The legacy modules still in the tree. Their own emitter code is the legacy layer itself: it is listed above and counted through its callers, not against compliance.',
      '',
      '| module | files | own emitter code | status |',
      '| --- | --- | ---: | --- |',
      ...implementations.map(
        (module) => `| ${code(module.id)} | ${module.files.map((file) => `[${file}](${siteHref(base, file)})`).join('<br>')} | ${module.ownEmitterCode} | ${statusLabel(module)} |`,
      ),
    );
  }

  const legacy = report.sites.filter((site) => site.category === 'legacy');
  if (legacy.length > 0) {
    section(
      `Legacy call sites (${compliance.legacy} counted, ${legacy.length} listed)`,
      '| where | call | module | via | rule | counts as |',
      '| --- | --- | --- | --- | --- | --- |',
      ...legacy.map(
        (site) =>
          `| ${where(site.file, site.line)} | ${code(site.name)}${site.byName ? ' (by name)' : ''} | ${site.module ?? ''} | ${site.via ?? ''} | ${site.rule ?? ''} | ${exclusionLabel(site)} |`,
      ),
    );
  }

  if (report.imports.length > 0) {
    section(
      `Legacy imports (${totals.legacyImports} legacy, ${totals.shimImports} through the shim)`,
      '| where | specifier | module | via | form | kept for markers |',
      '| --- | --- | --- | --- | --- | --- |',
      ...report.imports.map(
        (reference) =>
          `| ${where(reference.file, reference.line)} | ${code(reference.specifier)} | ${reference.module ?? ''} | ${reference.via === 'compat' ? 'shim' : 'legacy'} | ${reference.kind} | ${reference.keptForMarkers ? 'yes' : 'no'} |`,
      ),
    );
  }

  section(
    `Markers left (${report.markers.length})`,
    ...(report.markers.length === 0 ? ['None.'] : report.markers.map((marker) => `- ${where(marker.file, marker.line)} **${marker.rule}**: ${marker.reason}`)),
  );

  if (report.errors.length > 0) section('Errors', ...report.errors.map((error) => `- ${code(error.file)}: ${error.reason}`));

  section('How this is measured', ...METRIC_DEFINITION.map((sentence) => `- ${sentence}`));
  return lines.join('\n');
}
