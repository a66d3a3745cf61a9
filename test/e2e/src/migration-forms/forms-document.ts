import { CALL_PATTERNS, DO_NOT_TOUCH, IMPORT_FORMS, type Census } from './census.js';

/**
 * The tables of a MIGRATION-FORMS.md: written from a census, and read back to compare a
 * document with the code. Only the tables are machine-read; the prose around them is free.
 */
const SECTIONS = {
  importers: 'Importers of the deprecated factory',
  forms: 'Import forms',
  patterns: 'Call-site patterns',
  doNotTouch: 'What a codemod must not touch',
  bugs: 'Production paths and the legacy bugs they reproduce',
} as const;

export interface DocumentRow {
  files: string[];
  count: number;
}

export interface FormsDocument {
  importers: Record<string, number>;
  forms: Map<string, DocumentRow>;
  patterns: Map<string, DocumentRow>;
  doNotTouch: Map<string, DocumentRow>;
  /** The files of the bug table, in document order. */
  bugPaths: string[];
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}

/** The table rows of each `## ` section, by heading, without header and separator rows. */
function sections(markdown: string): Map<string, string[][]> {
  const result = new Map<string, string[][]>();
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      current = [];
      result.set(heading[1] ?? '', current);
    } else if (current && line.trim().startsWith('|') && !/^\|\s*-/.test(line.trim())) current.push(cells(line));
  }
  for (const rows of result.values()) rows.shift(); // the header row
  return result;
}

function table(rows: readonly string[][] | undefined): Map<string, DocumentRow> {
  const parsed = new Map<string, DocumentRow>();
  for (const row of rows ?? []) {
    const [id] = backticked(row[0] ?? '');
    if (id === undefined) continue;
    parsed.set(id, { files: backticked(row.at(-2) ?? '').sort(), count: Number(row.at(-1)) });
  }
  return parsed;
}

export function parseFormsDocument(markdown: string): FormsDocument {
  const all = sections(markdown);
  const importers: Record<string, number> = {};
  for (const row of all.get(SECTIONS.importers) ?? []) importers[(backticked(row[0] ?? '')[0] ?? row[0] ?? '').trim()] = Number(row.at(-1));
  return {
    importers,
    forms: table(all.get(SECTIONS.forms)),
    patterns: table(all.get(SECTIONS.patterns)),
    doNotTouch: table(all.get(SECTIONS.doNotTouch)),
    bugPaths: (all.get(SECTIONS.bugs) ?? []).flatMap((row) => backticked(row[0] ?? '').slice(0, 1)),
  };
}

function renderTable(label: string, described: Readonly<Record<string, string>>, groups: ReadonlyMap<string, string[]>): string {
  const lines = [`| ${label} | What | Files | Count |`, '| --- | --- | --- | --- |'];
  for (const [id, what] of Object.entries(described)) {
    const files = groups.get(id) ?? [];
    if (files.length === 0) continue;
    lines.push(`| \`${id}\` | ${what} | ${files.map((file) => `\`${file}\``).join('<br>')} | ${files.length} |`);
  }
  return lines.join('\n');
}

/** The machine-checked tables for a census, as they belong in the document. */
export function renderFormTables(census: Census): string {
  const { src, test, scripts } = census.importers;
  return [
    `## ${SECTIONS.importers}`,
    '',
    '| Area | Files |',
    '| --- | --- |',
    `| \`src\` | ${src.length} |`,
    `| \`test\` | ${test.length} |`,
    `| \`scripts\` | ${scripts.length} |`,
    `| \`total\` | ${src.length + test.length + scripts.length} |`,
    '',
    `## ${SECTIONS.forms}`,
    '',
    renderTable('Form', IMPORT_FORMS, census.forms),
    '',
    `## ${SECTIONS.patterns}`,
    '',
    renderTable('Pattern', CALL_PATTERNS, census.patterns),
    '',
    `## ${SECTIONS.doNotTouch}`,
    '',
    renderTable('Case', DO_NOT_TOUCH, census.doNotTouch),
  ].join('\n');
}
