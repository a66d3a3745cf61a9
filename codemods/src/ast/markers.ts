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
    const existing = markersAbove(this.sourceFile, statement).some((marker) => marker.rule === rule);
    this.sites.push({ rule, reason, line, added: !existing });
    if (existing) return;
    const lineStart = lineStartOf(text, start);
    const indent = text.slice(lineStart, start).trim() === '' ? text.slice(lineStart, start) : indentationAt(text, start);
    this.edits.prependRight(lineStart, `${indent}${markerText(rule, reason)}${this.#eol}`);
  }
}

/** A marker as found in a file. */
export interface MarkerComment {
  rule: string;
  reason: string;
  /** 1-based line of the comment */
  line: number;
}

const MARKER_COMMENT = /^\/\/\s*@unified-ws-migrate-todo\(([a-z0-9-]+)\):\s*(.*)$/;

/**
 * The markers right above the statement (or class member) that holds `node`, or above the line
 * it starts on: the ones that speak for it, since the MarkerWriter puts each marker there.
 */
export function markersAbove(sourceFile: ts.SourceFile, node: ts.Node): MarkerComment[] {
  const text = sourceFile.text;
  const found: MarkerComment[] = [];
  for (const range of ts.getLeadingCommentRanges(text, lineTriviaStart(sourceFile, enclosingStatement(node))) ?? []) {
    const match = MARKER_COMMENT.exec(text.slice(range.pos, range.end));
    if (!match) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(range.pos).line + 1;
    found.push({ rule: match[1] ?? '', reason: (match[2] ?? '').trim(), line });
  }
  return found;
}

/**
 * Where the comments leading the line that `statement` starts on begin. A statement that shares
 * its line (`case 'a': f();`, `{ f(); }`) gets its marker at the line's start, where it leads the
 * line's first token, not the statement: reading the statement's own leading comments would
 * miss it and each run would add it again.
 */
function lineTriviaStart(sourceFile: ts.SourceFile, statement: ts.Node): number {
  const start = statement.getStart(sourceFile);
  const first = lineStartOf(sourceFile.text, start) + indentationAt(sourceFile.text, start).length;
  if (first === start) return statement.getFullStart();
  let node = statement;
  while (node.parent && node.getStart(sourceFile) > first) node = node.parent;
  // getChildren, unlike forEachChild, yields the punctuation too: `} else { f(); }` starts with one.
  for (;;) {
    if (node.getStart(sourceFile) === first) return node.getFullStart();
    const child = node.getChildren(sourceFile).find((candidate) => candidate.getFullStart() <= first && first < candidate.getEnd());
    // The line starts inside a token or a comment (the last line of a template): no token leads it.
    if (!child) return statement.getFullStart();
    node = child;
  }
}

/**
 * Every marker of a parsed file that is a comment: the text scan finds the candidates, the
 * syntax tree rules out those inside strings, templates and regular expressions.
 */
export function findMarkerComments(sourceFile: ts.SourceFile): MarkerComment[] {
  return markerMatches(sourceFile.text)
    .filter((marker) => isComment(sourceFile, marker.position))
    .map(({ rule, reason, line }) => ({ rule, reason, line }));
}

/**
 * Whether a position lies in a comment: not inside a literal token, and past the tokens of the
 * deepest node holding it only as trivia (keywords and punctuation cannot hold `//`).
 */
function isComment(sourceFile: ts.SourceFile, position: number): boolean {
  let node: ts.Node = sourceFile;
  for (let next: ts.Node | undefined = node; next; ) {
    node = next;
    next = ts.forEachChild(node, (child) => (child.pos <= position && position < child.end ? child : undefined));
  }
  if (position < node.getStart(sourceFile)) return true;
  return !LITERAL_TOKENS.has(node.kind);
}

/** The tokens whose text is the program's data, where `//` is not a comment. */
const LITERAL_TOKENS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
]);

/** Markers present in a text (for the census). */
export function findMarkers(text: string): MarkerComment[] {
  return markerMatches(text).map(({ rule, reason, line }) => ({ rule, reason, line }));
}

function markerMatches(text: string): Array<MarkerComment & { position: number }> {
  const found: Array<MarkerComment & { position: number }> = [];
  MARKER_PATTERN.lastIndex = 0;
  for (let match = MARKER_PATTERN.exec(text); match; match = MARKER_PATTERN.exec(text)) {
    const [, rule = '', reason = ''] = match;
    found.push({ rule, reason: reason.trim(), line: text.slice(0, match.index).split('\n').length, position: match.index });
  }
  return found;
}
