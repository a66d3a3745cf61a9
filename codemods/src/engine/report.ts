import type { MigrationMode } from '../transforms/transform.js';
import type { FileOutcome, FileStatus } from './pipeline.js';
import type { ProjectLocator } from './projects.js';

/** Exit codes of `unified-ws migrate` (and of `migrate()` as data). */
export const EXIT = { ok: 0, errors: 1, pending: 2, manual: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface FileReport {
  file: string;
  status: FileStatus;
  changed: boolean;
  project?: string;
  rules: Record<string, { changed: number; markers: number }>;
  markers: Array<{ rule: string; line: number; reason: string; added: boolean }>;
  reason?: string;
}

export interface RuleReport {
  id: string;
  /** sites rewritten */
  changed: number;
  /** sites left with a marker */
  markers: number;
  files: number;
}

export interface ProjectReport {
  name: string;
  root: string;
  changed: number;
  needsManual: number;
  errors: number;
  markers: number;
}

/** The machine-readable result of a run: data first (per file, per rule, per project). */
export interface MigrationReport {
  version: 1;
  command: 'migrate';
  mode: MigrationMode;
  root: string;
  recipe: { id: string; version: string };
  dryRun: boolean;
  check: boolean;
  durationMs: number;
  totals: {
    files: number;
    /** files that passed the text pre-filter and were parsed */
    parsed: number;
    changed: number;
    unchanged: number;
    skipped: number;
    errors: number;
    needsManual: number;
    /** markers in the migrated files, old and new */
    markers: number;
    markersAdded: number;
    /** sites rewritten */
    sites: number;
  };
  /** every file that was parsed, skipped or failed; pre-filtered files are only counted */
  files: FileReport[];
  rules: RuleReport[];
  projects: ProjectReport[];
  /** `nx affected` for exactly the files this run changes (or would change) */
  affected: { projects: string[]; command?: string };
  nextSteps: string[];
  exitCode: ExitCode;
}

export interface ReportInput {
  mode: MigrationMode;
  root: string;
  recipe: { id: string; version: string };
  dryRun: boolean;
  check: boolean;
  durationMs: number;
  outcomes: readonly FileOutcome[];
  projects: ProjectLocator;
  nextSteps: string[];
}

export function buildReport(input: ReportInput): MigrationReport {
  const files: FileReport[] = [];
  const rules = new Map<string, RuleReport>();
  const projects = new Map<string, ProjectReport>();
  const totals = { files: input.outcomes.length, parsed: 0, changed: 0, unchanged: 0, skipped: 0, errors: 0, needsManual: 0, markers: 0, markersAdded: 0, sites: 0 };
  const changedFiles: string[] = [];
  for (const outcome of input.outcomes) {
    const status = outcome.status === 'needs-types' ? 'error' : outcome.status;
    const changed = outcome.changed;
    if (outcome.parsed) totals.parsed += 1;
    if (changed) {
      totals.changed += 1;
      changedFiles.push(outcome.file);
    }
    if (status === 'unchanged') totals.unchanged += 1;
    if (status === 'skipped') totals.skipped += 1;
    if (status === 'error') totals.errors += 1;
    if (status === 'needs-manual') totals.needsManual += 1;
    totals.markers += outcome.markers.length;
    totals.markersAdded += outcome.markers.filter((marker) => marker.added).length;
    if (!outcome.parsed && status === 'unchanged') continue;

    const project = input.projects.of(outcome.file);
    files.push({
      file: outcome.file,
      status,
      changed,
      ...(project ? { project: project.name } : {}),
      rules: outcome.rules,
      markers: outcome.markers.map(({ rule, line, reason, added }) => ({ rule, line, reason, added })),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
    for (const [id, counts] of Object.entries(outcome.rules)) {
      const rule = rules.get(id) ?? { id, changed: 0, markers: 0, files: 0 };
      rule.changed += counts.changed;
      rule.markers += counts.markers;
      rule.files += 1;
      rules.set(id, rule);
      totals.sites += counts.changed;
    }
    if (project && (changed || status !== 'unchanged')) {
      const entry = projects.get(project.name) ?? { name: project.name, root: project.root, changed: 0, needsManual: 0, errors: 0, markers: 0 };
      if (changed) entry.changed += 1;
      if (status === 'needs-manual') entry.needsManual += 1;
      if (status === 'error') entry.errors += 1;
      entry.markers += outcome.markers.length;
      projects.set(project.name, entry);
    }
  }
  const touched = [...new Set(changedFiles.map((file) => input.projects.of(file)?.name).filter((name): name is string => !!name))].sort();
  const exitCode: ExitCode =
    totals.errors > 0 ? EXIT.errors : input.check && totals.changed > 0 ? EXIT.pending : totals.markers > 0 ? EXIT.manual : EXIT.ok;
  return {
    version: 1,
    command: 'migrate',
    mode: input.mode,
    root: input.root,
    recipe: input.recipe,
    dryRun: input.dryRun,
    check: input.check,
    durationMs: Math.round(input.durationMs),
    totals,
    files: files.sort((a, b) => a.file.localeCompare(b.file)),
    rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
    projects: [...projects.values()].sort((a, b) => a.name.localeCompare(b.name)),
    affected: {
      projects: touched,
      ...(changedFiles.length > 0 ? { command: `npx nx affected -t lint typecheck test --files=${changedFiles.sort().join(',')}` } : {}),
    },
    nextSteps: input.nextSteps,
    exitCode,
  };
}

/** The human report: the same data as Markdown tables. */
export function renderMarkdown(report: MigrationReport): string {
  const lines: string[] = [];
  const { totals } = report;
  const action = report.dryRun || report.check ? 'would change' : 'changed';
  lines.push(`# unified-ws migrate --to ${report.mode}`, '');
  lines.push(`Recipe \`${report.recipe.id}\` ${report.recipe.version}${report.dryRun ? ' · dry run' : ''}${report.check ? ' · check' : ''} · ${report.durationMs} ms · exit ${report.exitCode}`, '');
  lines.push('| files | parsed | ' + action + ' | needs manual | skipped | errors | sites rewritten | markers |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| ${totals.files} | ${totals.parsed} | ${totals.changed} | ${totals.needsManual} | ${totals.skipped} | ${totals.errors} | ${totals.sites} | ${totals.markers} |`, '');
  if (report.rules.length > 0) {
    lines.push('## Rules', '', '| rule | rewritten | markers | files |', '| --- | ---: | ---: | ---: |');
    for (const rule of report.rules) lines.push(`| \`${rule.id}\` | ${rule.changed} | ${rule.markers} | ${rule.files} |`);
    lines.push('');
  }
  if (report.projects.length > 0) {
    lines.push('## Nx projects', '', `| project | ${action} | needs manual | errors | markers |`, '| --- | ---: | ---: | ---: | ---: |');
    for (const project of report.projects) {
      lines.push(`| ${project.name} | ${project.changed} | ${project.needsManual} | ${project.errors} | ${project.markers} |`);
    }
    lines.push('');
  }
  const manual = report.files.filter((file) => file.markers.length > 0);
  if (manual.length > 0) {
    lines.push('## Needs manual work', '');
    for (const file of manual) {
      for (const marker of file.markers) lines.push(`- \`${file.file}:${marker.line}\` **${marker.rule}**: ${marker.reason}`);
    }
    lines.push('');
  }
  const failed = report.files.filter((file) => file.status === 'error' || file.status === 'skipped');
  if (failed.length > 0) {
    lines.push('## Errors and skipped files', '');
    for (const file of failed) lines.push(`- \`${file.file}\` (${file.status}): ${file.reason ?? ''}`);
    lines.push('');
  }
  if (report.affected.command) lines.push('## Verify the touched projects', '', '```sh', report.affected.command, '```', '');
  if (report.nextSteps.length > 0) {
    lines.push('## Next steps', '');
    for (const step of report.nextSteps) lines.push(`- ${step}`);
    lines.push('');
  }
  return lines.join('\n');
}
