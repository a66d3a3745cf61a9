import type MagicString from 'magic-string';
import { ts } from './parse.js';
import { enclosingStatement, indentationAt, lineEnding, lineStartOf } from './text.js';

/** The greppable tag of a site left for a human. */
export const MARKER_TAG = '@unified-ws-migrate-todo';
/** `// @unified-ws-migrate-todo(<rule-id>): <reason>` anywhere in a line. */
export const MARKER_PATTERN = /\/\/\s*@unified-ws-migrate-todo\(([a-z0-9-]+)\):\s*(.*)$/gm;

export function markerText(ruleId: string, reason: string): string {
  return `// ${MARKER_TAG}(${ruleId}): ${reason}`;
}

export interface MarkerSite {
  rule: string;
  reason: string;
  /** 1-based line of the marked statement in the input */
  line: number;
  /** false when an earlier run already placed this marker */
  added: boolean;
}

/**
 * Places markers above the statement that holds a site, one per statement (the first rule
 * that needs a human names it). A statement already carrying the marker of that rule is left
 * alone, so re-runs never duplicate markers; every marker, old or new, is reported so callers
 * can count what remains.
 */
export class MarkerWriter {
  readonly sites: MarkerSite[] = [];
  readonly #placed = new Set<number>();
  readonly #eol: string;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly edits: MagicString,
  ) {
    this.#eol = lineEnding(sourceFile.text);
  }

  /** Whether the statement holding `node` already got a marker in this run. */
  isMarked(node: ts.Node): boolean {
    return this.#placed.has(enclosingStatement(node).getStart(this.sourceFile));
  }

  mark(node: ts.Node, rule: string, reason: string): void {
    const text = this.sourceFile.text;
    const statement = enclosingStatement(node);
    const start = statement.getStart(this.sourceFile);
    if (this.#placed.has(start)) return;
    this.#placed.add(start);
    const line = this.sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    const existing = (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).some((range) =>
      text.slice(range.pos, range.end).startsWith(`// ${MARKER_TAG}(${rule})`),
    );
    this.sites.push({ rule, reason, line, added: !existing });
    if (existing) return;
    const lineStart = lineStartOf(text, start);
    const indent = text.slice(lineStart, start).trim() === '' ? text.slice(lineStart, start) : indentationAt(text, start);
    this.edits.prependRight(lineStart, `${indent}${markerText(rule, reason)}${this.#eol}`);
  }
}

/** Markers present in a text (for the census). */
export function findMarkers(text: string): Array<{ rule: string; reason: string; line: number }> {
  const found: Array<{ rule: string; reason: string; line: number }> = [];
  MARKER_PATTERN.lastIndex = 0;
  for (let match = MARKER_PATTERN.exec(text); match; match = MARKER_PATTERN.exec(text)) {
    const [, rule = '', reason = ''] = match;
    found.push({ rule, reason: reason.trim(), line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}
