import type { AuditReport, AuditSite, ModuleAudit, SiteKind } from './report.js';

/**
 * What the summary, the Markdown and the HTML say in words, written once: the metric, the rule
 * for legacy module files, and the names of the kinds of site.
 */
export const METRIC_DEFINITION = [
  'Compliance is canonical sites / counted agent-event call sites.',
  'Canonical: calls on the @unified-ws/emitter API (a forRun(…) run handle’s five event methods, emit and emitBatch; the server’s notifyUser).',
  'Legacy: sends through a legacy module’s API per the recipe, including through @unified-ws/legacy-compat (migrated in import only, not canonical).',
  'Duplicate emitters: code outside the emitter that sends a critical event name itself (a sending call naming it, a hand-built message typed with it) or declares an emitter method of its own (emitAgentStarted, notifyToolCompleted, …).',
  'Markers aside: a site under a @unified-ws-migrate-todo marker (or using a name declared under one) waits for a human; it is listed, not counted.',
  'Legacy implementations: the legacy modules’ own files are the legacy layer itself; their emitter code is listed, not counted (their callers are). A module nothing imports any more is dead code.',
  'The emitter and compat packages are the sanctioned senders and are not audited.',
] as const;

export const KIND_LABELS: Readonly<Record<SiteKind, string>> = {
  'run-event': 'run event',
  'user-notice': 'user notice',
  'legacy-call': 'legacy call',
  'direct-send': 'sends the event name',
  'hand-built-message': 'hand-built message',
  'own-emitter-method': 'own emitter method',
};

/** A legacy module's status in words; one in use through other legacy modules names them. */
export function statusLabel(module: ModuleAudit): string {
  switch (module.status) {
    case 'in-use':
      return 'in use';
    case 'in-use-through-legacy':
      return `in use through ${module.keptBy.join(', ')}`;
    case 'unused':
      return 'unused (delete it)';
    case 'absent':
      return 'absent';
  }
}

export interface RenderOptions {
  /**
   * The audit root as seen from where the report is written (`..` for a report in a
   * subfolder), so file:line links open the files. Default: the report sits at the root.
   */
  linkBase?: string;
}

/** `100%`, `78.7%`, `0%`. */
export function formatPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** A bar of block characters for text outputs (rounded down, so only 100% is full). */
export function textBar(fraction: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.floor(fraction * width)));
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Where a file (or file:line) link points, from a report written at `linkBase` relative to the audit root. */
export function siteHref(linkBase: string, file: string, line?: number): string {
  const prefix = linkBase === '' || linkBase === '.' ? '' : `${linkBase.replace(/\/$/, '')}/`;
  return `${encodeURI(`${prefix}${file}`)}${line === undefined ? '' : `#L${line}`}`;
}

/** Why a listed site is not counted, in words. */
export function exclusionLabel(site: AuditSite): string {
  if (site.excluded === 'marker') return 'marker';
  if (site.excluded === 'legacy-implementation') return `legacy implementation (${site.module ?? '?'})`;
  return 'counted';
}

/** Duplicates in the order a reader acts on them: counted, then marked, then inside legacy modules. */
export function duplicateSites(report: AuditReport): AuditSite[] {
  const rank = (site: AuditSite) => (site.excluded === undefined ? 0 : site.excluded === 'marker' ? 1 : 2);
  return report.sites.filter((site) => site.category === 'duplicate').sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line);
}

/** The modules something still uses (through the legacy path, the shim, or a marked site); the others are summed up as legacy implementations. */
export function usedModules(report: AuditReport): ModuleAudit[] {
  return report.modules.filter((module) => module.imports + module.shimImports + module.sites + module.markedSites > 0);
}

/** ` · --fail-under 90: passed`, or nothing without a threshold. */
export function gateLabel(report: AuditReport): string {
  return report.gate.failUnder === undefined ? '' : ` · --fail-under ${report.gate.failUnder}: ${report.gate.passed ? 'passed' : 'failed'}`;
}

/** One sentence for the headline. */
export function headline(report: AuditReport): string {
  const { compliance } = report;
  if (compliance.counted === 0) return `no counted agent-event call sites (${compliance.marked} marked)`;
  return `${compliance.canonical} of ${compliance.counted} counted agent-event call sites are canonical`;
}
