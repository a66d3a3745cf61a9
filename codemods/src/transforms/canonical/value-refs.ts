import { propertyKey, propertyValue } from '../../ast/object-literal.js';
import { ts } from '../../ast/parse.js';
import { isPureReference, unwrapExpression } from '../../ast/text.js';
import type { ValueSource } from '../../recipe/recipe-schema.js';
import type { Substitution } from '../../ast/renames.js';

/** A value found at a call site: its text and whether it may be written more than once. */
export interface Value {
  text: string;
  /** the expression it came from (absent for synthesized member accesses and constants) */
  node?: ts.Expression;
  pure: boolean;
  /** read from a name, so it may be undefined at run time (a whole argument, or `ctx.field`) */
  mayBeUndefined?: boolean;
}

/** The outcome of looking a value up: found, known to be absent, or not decidable statically. */
export type Lookup = { found: Value } | { absent: true } | { unknown: string };

export interface RefScope {
  call: ts.CallExpression | ts.NewExpression;
  sourceFile: ts.SourceFile;
  /** the context the receiver was created with, already checked to be valid at this call */
  receiverContext?: ts.Expression;
  /** why there is no receiver context */
  receiverProblem?: string;
  /** every `arg<N>` / `arg<N>.prop` looked up, to find arguments nobody used */
  used: Set<string>;
  /** source nodes whose text a lookup handed out: what a rewrite carries over into its new code */
  carried: ts.Node[];
  /** a node's text as the rewrite must copy it (with earlier renames applied) */
  textOf: (node: ts.Node) => string;
  /** the earlier renames inside a node, for rewrites that edit it in place */
  substitutionsIn: (node: ts.Node) => Substitution[];
}

/** Resolves a recipe value source (`arg2.userContext`, alternatives, constants) at a call. */
export function lookupValue(source: ValueSource, scope: RefScope, quote: string): Lookup {
  if (typeof source === 'object' && !Array.isArray(source)) {
    if ('const' in source) return { found: { text: literalText(source.const, quote), pure: true } };
    // `{ref, default}`: the legacy code's own fallback (`kwargs.agentName ?? 'agent'`), kept.
    const found = lookupValue(source.ref, scope, quote);
    const fallback = literalText(source.default, quote);
    if ('absent' in found) return { found: { text: fallback, pure: true } };
    if ('unknown' in found || !found.found.mayBeUndefined) return found;
    return { found: { ...found.found, text: `${found.found.text} ?? ${fallback}`, mayBeUndefined: false } };
  }
  const alternatives = Array.isArray(source) ? source : [source];
  let last: Lookup = { absent: true };
  for (const ref of alternatives) {
    last = lookupRef(ref, scope);
    if ('found' in last || 'unknown' in last) return last;
  }
  return last;
}

function lookupRef(ref: string, scope: RefScope): Lookup {
  const [head = '', ...steps] = ref.split('.');
  let node: ts.Expression;
  if (head === 'receiver') {
    if (!scope.receiverContext) {
      return { unknown: scope.receiverProblem ?? 'the receiver was not created in this file, so its user context is unknown here' };
    }
    node = scope.receiverContext;
  } else {
    scope.used.add(head);
    const argument = scope.call.arguments?.[Number(head.slice(3))];
    if (!argument) return { absent: true };
    if (ts.isSpreadElement(argument)) return { unknown: 'a spread argument' };
    node = argument;
  }
  let path = head;
  for (const [index, step] of steps.entries()) {
    path = `${path}.${step}`;
    if (head !== 'receiver') scope.used.add(path);
    const bare = unwrapExpression(node);
    if (ts.isObjectLiteralExpression(bare)) {
      const property = bare.properties.find((candidate) => propertyKey(candidate) === step);
      if (!property) {
        if (bare.properties.some((candidate) => ts.isSpreadAssignment(candidate))) return { unknown: `${path} may come from a spread` };
        return { absent: true };
      }
      const value = propertyValue(property);
      if (!value) return { unknown: `${path} is not a plain property` };
      node = value;
      continue;
    }
    if (!isPureReference(bare)) return { unknown: `${path} is read from an expression with side effects` };
    scope.carried.push(bare);
    return { found: { text: `${accessText(bare, scope)}.${steps.slice(index).join('.')}`, pure: true, mayBeUndefined: true } };
  }
  const text = scope.textOf(node);
  scope.carried.push(node);
  const bare = unwrapExpression(node);
  return { found: { text, node, pure: isPureReference(bare), mayBeUndefined: steps.length === 0 && !ts.isLiteralExpression(bare) } };
}

function literalText(value: string | number | boolean, quote: string): string {
  return typeof value === 'string' ? `${quote}${value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`)}${quote}` : String(value);
}

/** `a` or `(a as T)` as the left side of a member access. */
function accessText(node: ts.Expression, scope: RefScope): string {
  const text = scope.textOf(node);
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || node.kind === ts.SyntaxKind.ThisKeyword ? text : `(${text})`;
}

/**
 * Arguments, and properties of object-literal arguments at any depth a lookup reached into,
 * that no lookup used and no rule ignores: what a rewrite would silently drop.
 */
export function unusedArguments(scope: RefScope, ignore: readonly string[]): string[] {
  const unused: string[] = [];
  const covered = (path: string) => scope.used.has(path) || ignore.includes(path);
  const visit = (node: ts.Expression, path: string, label: string) => {
    if (ignore.includes(path)) return;
    if (!scope.used.has(path)) {
      unused.push(label);
      return;
    }
    const deeper = [...scope.used].some((used) => used.startsWith(`${path}.`));
    const bare = unwrapExpression(node);
    if (!deeper || !ts.isObjectLiteralExpression(bare)) return;
    for (const property of bare.properties) {
      const key = propertyKey(property);
      const value = propertyValue(property);
      if (key === undefined || !value) unused.push(`a computed or spread property of ${label}`);
      else if (covered(`${path}.${key}`)) visit(value, `${path}.${key}`, key);
      else unused.push(key);
    }
  };
  (scope.call.arguments ?? []).forEach((argument, index) => visit(argument as ts.Expression, `arg${index}`, `argument ${index + 1}`));
  return unused;
}
