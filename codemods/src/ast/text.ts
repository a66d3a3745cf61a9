import { ts } from './parse.js';

/** `\r\n` when the file uses it, so inserted lines match the file. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStartOf(text: string, position: number): number {
  let index = position;
  while (index > 0 && text[index - 1] !== '\n') index -= 1;
  // A byte order mark is not part of the first line: what goes at its start goes after it.
  return index === 0 && position > 0 && text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : index;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Past a comment that starts at `position` and ends on its line (the remark of the statement
 * before it, which goes with that statement), or `position` when there is none.
 */
function afterSameLineComment(text: string, position: number): number {
  const lineEnd = text.indexOf('\n', position);
  const end = lineEnd === -1 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  if (text.startsWith('//', position)) return end;
  if (text.startsWith('/*', position)) {
    const close = text.indexOf('*/', position + 2);
    if (close !== -1 && close + 2 <= end && text.slice(close + 2, end).trim() === '') return end;
  }
  return position;
}

/** The whitespace a line starts with. */
export function indentationAt(text: string, position: number): string {
  const start = lineStartOf(text, position);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end += 1;
  return text.slice(start, end);
}

/**
 * The range to delete to remove a whole statement: its leading comments stay with it only when
 * they sit on its own lines; the line it occupied disappears, never leaving a blank line behind.
 */
export function statementRemovalRange(text: string, statement: ts.Node, sourceFile: ts.SourceFile): [number, number] {
  const start = statement.getStart(sourceFile);
  const lineStart = lineStartOf(text, start);
  const ownsLine = text.slice(lineStart, start).trim() === '';
  let end = statement.getEnd();
  // swallow trailing spaces and a same-line comment, then the line break
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end += 1;
  if (ownsLine) {
    end = afterSameLineComment(text, end);
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text[end] === '\n') end += 1;
    return [lineStart, end];
  }
  return [start, end];
}

/** The statement (or class member) a node sits in: where a marker or an insertion goes. */
export function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent) {
    const parent = current.parent;
    if (
      ts.isSourceFile(parent) ||
      ts.isBlock(parent) ||
      ts.isModuleBlock(parent) ||
      ts.isCaseClause(parent) ||
      ts.isDefaultClause(parent) ||
      (ts.isClassLike(parent) && ts.isClassElement(current))
    ) {
      return current;
    }
    current = parent;
  }
  return current;
}

/** Whether the expression can be written twice without changing behaviour: names and member chains. */
export function isPureReference(node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(node)) return isPureReference(node.expression);
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) return isPureReference(node.expression);
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node);
}

export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** `await x`, `(await (x as T))`… down to `x`. */
export function unwrapAwait(node: ts.Expression): ts.Expression {
  let current = unwrapExpression(node);
  while (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
  return current;
}

/**
 * What `this.name` refers to in its class: a member with that (plain) name, else a constructor
 * parameter property (`constructor(private readonly name: T)`).
 */
export function thisMember(access: ts.PropertyAccessExpression): ts.ClassElement | ts.ParameterDeclaration | undefined {
  let node: ts.Node | undefined = access;
  while (node && !ts.isClassLike(node)) node = node.parent;
  if (!node) return undefined;
  const name = access.name.text;
  // `this.#run` names a `#run` member (its text keeps the `#`, so it never matches `run`).
  const member = node.members.find(
    (candidate) => candidate.name && (ts.isIdentifier(candidate.name) || ts.isPrivateIdentifier(candidate.name)) && candidate.name.text === name,
  );
  if (member) return member;
  const constructor = node.members.find(ts.isConstructorDeclaration);
  // Only a parameter with a modifier (`private`, `readonly`, …) is also a property.
  return constructor?.parameters.find((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name && (ts.getModifiers(parameter)?.length ?? 0) > 0);
}
