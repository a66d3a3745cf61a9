import type { GoldenPathReport } from './golden-path.js';

const COLUMNS = [
  ['expected', 'exp'],
  ['delivered', 'deliv'],
  ['lost', 'lost'],
  ['duplicated', 'dup'],
  ['outOfOrder', 'order'],
  ['wrongType', 'type'],
  ['crossUser', 'xuser'],
] as const;

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

/**
 * One line per run, a total, and what went wrong by event, e.g.
 *
 *     user        run                    exp  deliv  lost  dup  order  type  xuser
 *     usr_user-1  run_1f0c…                8      6     2    2      1     1      0
 */
export function formatReport(report: GoldenPathReport): string {
  const header = ['user', 'run', ...COLUMNS.map(([, label]) => label)];
  const body = report.runs.map((run) => [run.userId, run.runId, ...COLUMNS.map(([field]) => String(run[field]))]);
  const total = ['total', `${report.totals.runs} runs`, ...COLUMNS.map(([field]) => String(report.totals[field]))];
  const widths = header.map((_, i) => Math.max(...[header, ...body, total].map((cells) => cells[i]?.length ?? 0)));

  const lines = [
    `golden path at ${report.baseUrl}: ${report.users.length} users, events on the legacy wire: ${report.channels.legacy ? 'yes' : 'no'}, on v1: ${report.channels.v1 ? 'yes' : 'no'}`,
    row(header, widths),
    ...body.map((cells) => row(cells, widths)),
    row(total, widths),
  ];
  const why = new Map<string, number>();
  for (const run of report.runs) {
    for (const [kind, items] of Object.entries(run.problems)) {
      for (const item of items) why.set(`${kind}: ${item}`, (why.get(`${kind}: ${item}`) ?? 0) + 1);
    }
  }
  if (why.size > 0) {
    lines.push('', 'problems (runs affected):');
    for (const [problem, count] of [...why].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${problem} (${count})`);
  }
  if (report.totals.unattributed > 0) lines.push(`  ${report.totals.unattributed} frames named a run nobody started`);
  return lines.join('\n');
}
