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
  usedModules,
} from './presentation.js';
import type { AuditReport, AuditSite, Compliance } from './report.js';

/** The id of the inline JSON block: the report the page was rendered from, for tools and tests. */
export const AUDIT_DATA_ID = 'unified-ws-audit';

/**
 * One self-contained page: inline CSS, CSS bars, no script, no font, no image fetched (a
 * Content-Security-Policy says so to the browser). Every number is rendered from the report,
 * which is also embedded as JSON, so the page and the JSON report cannot disagree.
 */
export function renderAuditHtml(report: AuditReport, options: RenderOptions = {}): string {
  const base = options.linkBase ?? '';
  const { compliance, totals } = report;
  const where = (file: string, line: number) => `<a href="${escape(siteHref(base, file, line))}">${escape(`${file}:${line}`)}</a>`;
  const fileLink = (file: string) => `<a href="${escape(siteHref(base, file))}">${escape(file)}</a>`;
  const body: string[] = [];

  body.push(`<header>
<h1>unified-ws audit</h1>
<p class="meta">${escape(report.root)} · recipe <code>${escape(report.recipe.id)}</code> ${escape(report.recipe.version)} · ${report.files.listed} files, ${report.files.parsed} parsed, ${report.files.exempt} exempt · ${report.durationMs} ms${escape(gateLabel(report))} · exit <span data-metric="exit-code">${report.exitCode}</span></p>
</header>`);

  body.push(`<section class="summary" aria-label="compliance">
<div class="score"><span class="percent" data-metric="compliance-percent">${formatPercent(compliance.percent)}</span><span class="caption">compliance, markers aside<br>${escape(headline(report))}</span></div>
${stackedBar(compliance)}
<dl class="counts">
${count('canonical', 'canonical', compliance.canonical, 'canonical')}
${count('legacy', 'legacy', compliance.legacy, 'legacy')}
${count('duplicates', 'duplicate emitters', compliance.duplicates, 'duplicate')}
${count('counted', 'counted', compliance.counted)}
${count('marked', 'marked (not counted)', compliance.marked, 'marked')}
${count('socket-io', 'straight through socket.io', totals.socketIoSends, 'duplicate')}
${count('legacy-imports', 'legacy imports', totals.legacyImports)}
${count('shim-imports', 'shim imports', totals.shimImports)}
${count('kept-for-markers', 'imports kept for markers', totals.importsKeptForMarkers)}
${count('markers', 'markers left', totals.markers)}
${count('modules-in-use', 'legacy modules in use', totals.legacyModulesInUse)}
</dl>
</section>`);

  if (report.projects.length > 0) {
    body.push(
      section(
        'projects',
        'Nx projects',
        table(
          ['project', 'compliance', '', 'canonical', 'legacy', 'duplicates', 'marked', 'legacy imports'],
          report.projects.map(
            (project) =>
              `<tr data-project="${escape(project.name)}"><td><code>${escape(project.name)}</code></td><td class="num" data-field="percent">${formatPercent(project.percent)}</td><td class="bar-cell">${stackedBar(project)}</td>${cells(project, ['canonical', 'legacy', 'duplicates', 'marked', 'legacyImports'])}</tr>`,
          ),
        ),
      ),
    );
  }

  const present = usedModules(report);
  if (present.length > 0) {
    const largest = Math.max(1, ...present.map((module) => module.imports + module.shimImports + module.sites));
    body.push(
      section(
        'modules',
        'Legacy modules',
        '<p>What still uses each legacy module of the recipe: <span class="key legacy"></span>references through its legacy path, <span class="key shim"></span>through the shim, <span class="key calls"></span>sends through its API.</p>' +
          table(
            ['module', 'legacy file', 'imports', 'importers', 'shim imports', 'call sites', 'marked', 'remaining'],
            present.map((module) => {
              const segments = [
                { kind: 'legacy', value: module.imports, label: 'legacy imports' },
                { kind: 'shim', value: module.shimImports, label: 'shim imports' },
                { kind: 'calls', value: module.sites, label: 'call sites' },
              ];
              return `<tr data-module="${escape(module.id)}"><td><code>${escape(module.id)}</code></td><td class="status ${module.status}" data-field="status">${escape(statusLabel(module))}</td>${cells(module, ['imports', 'importers', 'shimImports', 'sites', 'markedSites'])}<td class="bar-cell">${bar(segments, largest)}</td></tr>`;
            }),
          ),
      ),
    );
  }

  const duplicates = duplicateSites(report);
  body.push(
    section(
      'duplicates',
      `Duplicate emitters <small>${compliance.duplicates} counted, ${duplicates.length} listed</small>`,
      duplicates.length === 0
        ? '<p class="none">None.</p>'
        : table(
            ['where', 'what', 'name', 'event', 'counts as'],
            duplicates.map(
              (site) =>
                `<tr ${siteAttributes(site)}><td>${where(site.file, site.line)}</td><td>${escape(KIND_LABELS[site.kind])}${site.socketIo ? ' <span class="tag">socket.io</span>' : ''}</td><td><code>${escape(site.name)}</code></td><td>${escape(site.event ?? '')}</td><td class="${site.excluded ?? 'counted'}">${escape(exclusionLabel(site))}</td></tr>`,
            ),
          ),
    ),
  );

  const implementations = report.modules.filter((module) => module.files.length > 0);
  if (implementations.length > 0) {
    body.push(
      section(
        'implementations',
        'Legacy implementations <small>listed, not counted</small>',
        '<p>The legacy modules still in the tree. Their own emitter code is the legacy layer itself: it is listed above and counted through its callers, not against compliance.</p>' +
          table(
            ['module', 'files', 'own emitter code', 'status'],
            implementations.map(
              (module) =>
                `<tr data-implementation="${escape(module.id)}"><td><code>${escape(module.id)}</code></td><td>${module.files.map(fileLink).join('<br>')}</td><td class="num">${module.ownEmitterCode}</td><td class="status ${module.status}">${escape(statusLabel(module))}</td></tr>`,
            ),
          ),
      ),
    );
  }

  const legacy = report.sites.filter((site) => site.category === 'legacy');
  if (legacy.length > 0) {
    body.push(
      section(
        'legacy-sites',
        `Legacy call sites <small>${compliance.legacy} counted, ${legacy.length} listed</small>`,
        table(
          ['where', 'call', 'module', 'via', 'rule', 'counts as'],
          legacy.map(
            (site) =>
              `<tr ${siteAttributes(site)}><td>${where(site.file, site.line)}</td><td><code>${escape(site.name)}</code>${site.byName ? ' <span class="tag">by name</span>' : ''}</td><td>${escape(site.module ?? '')}</td><td>${escape(site.via ?? '')}</td><td>${escape(site.rule ?? '')}</td><td class="${site.excluded ?? 'counted'}">${escape(exclusionLabel(site))}</td></tr>`,
          ),
        ),
      ),
    );
  }

  if (report.imports.length > 0) {
    body.push(
      section(
        'imports',
        `Legacy imports <small>${totals.legacyImports} legacy, ${totals.shimImports} through the shim</small>`,
        table(
          ['where', 'specifier', 'module', 'via', 'form', 'kept for markers'],
          report.imports.map(
            (reference) =>
              `<tr><td>${where(reference.file, reference.line)}</td><td><code>${escape(reference.specifier)}</code></td><td>${escape(reference.module ?? '')}</td><td>${reference.via === 'compat' ? 'shim' : 'legacy'}</td><td>${reference.kind}</td><td>${reference.keptForMarkers ? 'yes' : 'no'}</td></tr>`,
          ),
        ),
      ),
    );
  }

  body.push(
    section(
      'markers',
      `Markers left <small>${report.markers.length}</small>`,
      report.markers.length === 0
        ? '<p class="none">None.</p>'
        : table(
            ['where', 'rule', 'reason'],
            report.markers.map((marker) => `<tr data-marker><td>${where(marker.file, marker.line)}</td><td><code>${escape(marker.rule)}</code></td><td>${escape(marker.reason)}</td></tr>`),
          ),
    ),
  );

  if (report.errors.length > 0) {
    body.push(section('errors', 'Errors', `<ul>${report.errors.map((error) => `<li><code>${escape(error.file)}</code>: ${escape(error.reason)}</li>`).join('')}</ul>`));
  }

  body.push(section('method', 'How this is measured', `<ul>${METRIC_DEFINITION.map((sentence) => `<li>${escape(sentence)}</li>`).join('')}</ul>`));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>unified-ws audit: ${formatPercent(compliance.percent)} compliance</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="${AUDIT_DATA_ID}">${JSON.stringify(report).replace(/</g, '\\u003c')}</script>
</body>
</html>
`;
}

const STYLE = `
:root { --canonical: #1a7f37; --legacy: #b35900; --duplicate: #cf222e; --shim: #8250df; --marked: #8c959f; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h2 small { font-weight: normal; color: var(--muted); font-size: 13px; margin-left: 6px; }
.meta, p { color: var(--muted); margin: 4px 0 8px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: #0969da; text-decoration: none; font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a:hover { text-decoration: underline; }
.summary { display: grid; grid-template-columns: 240px 1fr; gap: 12px 24px; align-items: center; margin: 16px 0; padding: 16px; border: 1px solid var(--line); border-radius: 8px; }
.score .percent { display: block; font-size: 44px; font-weight: 700; line-height: 1; }
.score .caption { color: var(--muted); font-size: 12px; }
.summary > .stack { height: 18px; }
.counts { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 8px 20px; margin: 0; }
.counts div { min-width: 90px; }
.counts dt { color: var(--muted); font-size: 12px; }
.counts dd { margin: 0; font-size: 18px; font-weight: 600; }
.counts dd.canonical { color: var(--canonical); } .counts dd.legacy { color: var(--legacy); } .counts dd.duplicate { color: var(--duplicate); } .counts dd.marked { color: var(--marked); }
.stack { display: flex; width: 100%; height: 12px; border-radius: 3px; overflow: hidden; background: #eaeef2; }
.stack span { display: block; height: 100%; }
.stack .canonical { background: var(--canonical); } .stack .legacy { background: var(--legacy); } .stack .duplicate { background: var(--duplicate); } .stack .shim { background: var(--shim); } .stack .calls { background: #953800; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bar-cell { width: 24%; vertical-align: middle; }
td.counted { color: var(--duplicate); } td.marker { color: var(--marked); } td.legacy-implementation { color: var(--muted); }
td.status.in-use, td.status.in-use-through-legacy { color: var(--legacy); } td.status.unused { color: var(--muted); }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 6px; vertical-align: -1px; } .key.legacy { background: var(--legacy); } .key.shim { background: var(--shim); } .key.calls { background: #953800; }
.tag { font-size: 11px; padding: 0 5px; border: 1px solid var(--line); border-radius: 8px; color: var(--muted); }
.none { font-style: italic; }
@media print { body { padding: 0; font-size: 11px; } h2 { break-after: avoid; } tr { break-inside: avoid; } a { color: inherit; } }
`;

function section(id: string, title: string, content: string): string {
  return `<section id="${id}">\n<h2>${title}</h2>\n${content}\n</section>`;
}

function table(headings: readonly string[], rows: readonly string[]): string {
  return `<table>\n<thead><tr>${headings.map((heading) => `<th>${escape(heading)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function count(metric: string, label: string, value: number, tone = ''): string {
  return `<div><dt>${escape(label)}</dt><dd class="${tone}" data-metric="${metric}">${value}</dd></div>`;
}

/** Numeric cells, each tagged with its field name so a reader (or a test) can match it to the JSON. */
function cells<T extends object>(row: T, fields: ReadonlyArray<keyof T & string>): string {
  return fields.map((field) => `<td class="num" data-field="${field}">${String(row[field])}</td>`).join('');
}

function stackedBar(compliance: Compliance): string {
  return bar(
    [
      { kind: 'canonical', value: compliance.canonical, label: 'canonical' },
      { kind: 'legacy', value: compliance.legacy, label: 'legacy' },
      { kind: 'duplicate', value: compliance.duplicates, label: 'duplicate emitters' },
    ],
    compliance.counted,
  );
}

/** A CSS bar: one segment per value, as a share of `whole`. */
function bar(segments: ReadonlyArray<{ kind: string; value: number; label: string }>, whole: number): string {
  const described = segments.map((segment) => `${segment.value} ${segment.label}`).join(', ');
  const spans = segments
    .filter((segment) => segment.value > 0 && whole > 0)
    .map((segment) => `<span class="${segment.kind}" style="width:${((segment.value / whole) * 100).toFixed(2)}%"></span>`)
    .join('');
  return `<div class="stack" role="img" aria-label="${escape(described)}">${spans}</div>`;
}

function siteAttributes(site: AuditSite): string {
  return `data-site data-category="${site.category}" data-file="${escape(site.file)}" data-line="${site.line}"${site.excluded ? ` data-excluded="${site.excluded}"` : ''}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
