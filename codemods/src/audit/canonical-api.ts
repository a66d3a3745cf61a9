import { ts } from '../ast/parse.js';
import type { Scopes } from '../ast/scopes.js';
import { thisMember, unwrapAwait, unwrapExpression } from '../ast/text.js';
import type { DetectionRules } from './detection.js';

/** A compliant agent-event call: a run handle sending an event, or the server notifying a user. */
export interface CanonicalCall {
  kind: 'run-event' | 'user-notice';
  method: string;
  /** the event, when the method or a literal argument names it */
  event?: string;
}

/**
 * Recognises calls on the `@unified-ws/emitter` API by syntax. A run handle is a `forRun(…)`
 * call, or a name declared with the package's run type or initialised from such a call; the
 * server is what the package's server functions return, or a name declared with its type.
 * Names are resolved through lexical scopes, so a look-alike `forRun` variable of another kind
 * or a `RunEmitter` type of another package does not count.
 */
export class CanonicalApi {
  readonly #visiting = new Set<ts.Node>();

  constructor(
    private readonly scopes: Scopes,
    private readonly rules: DetectionRules,
  ) {}

  callOf(call: ts.CallExpression): CanonicalCall | undefined {
    const callee = unwrapExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const { runMethods, serverMethods } = this.rules.canonical;
    if (runMethods.has(method) && this.isRun(callee.expression)) {
      const event = runMethods.get(method) ?? literalText(call.arguments[0]);
      return { kind: 'run-event', method, ...(event !== undefined ? { event } : {}) };
    }
    if (serverMethods.has(method) && this.isServer(callee.expression)) return { kind: 'user-notice', method };
    return undefined;
  }

  isRun(expression: ts.Expression): boolean {
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      return ts.isPropertyAccessExpression(callee) && callee.name.text === this.rules.canonical.runFactory;
    }
    return this.#declaredAs(node, this.rules.canonical.runType, (initializer) => this.isRun(initializer));
  }

  isServer(expression: ts.Expression): boolean {
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const name = this.#packageExport(unwrapExpression(node.expression));
      return name !== undefined && this.rules.canonical.serverFunctions.has(name);
    }
    return this.#declaredAs(node, this.rules.canonical.serverType, (initializer) => this.isServer(initializer));
  }

  /** A name or `this.member` whose declaration carries the package's type, or whose initial value passes `check`. */
  #declaredAs(node: ts.Expression, typeName: string, check: (initializer: ts.Expression) => boolean): boolean {
    const literalMember = this.#typeLiteralMember(node);
    if (literalMember) return this.#namesPackageType(literalMember, typeName);
    const declaration = this.#declarationOf(node);
    if (!declaration || this.#visiting.has(declaration)) return false;
    this.#visiting.add(declaration);
    try {
      if (declaration.type && this.#namesPackageType(declaration.type, typeName)) return true;
      // A parameter's initializer is only its default: the caller may pass anything.
      return !ts.isParameter(declaration) && declaration.initializer !== undefined && check(declaration.initializer);
    } finally {
      this.#visiting.delete(declaration);
    }
  }

  /**
   * The type a type literal gives `node`: a destructured name (`({ run }: { run: RunEmitter })`)
   * or a member of a name declared with one (`ctx.run` of `ctx: { run: RunEmitter }`).
   */
  #typeLiteralMember(node: ts.Expression): ts.TypeNode | undefined {
    if (ts.isIdentifier(node)) {
      const element = this.scopes.resolve(node)?.declaration;
      if (!element || !ts.isBindingElement(element) || !ts.isObjectBindingPattern(element.parent)) return undefined;
      const holder = element.parent.parent;
      const key = element.propertyName ?? element.name;
      if (!(ts.isParameter(holder) || ts.isVariableDeclaration(holder)) || !holder.type || !ts.isIdentifier(key)) return undefined;
      return memberType(holder.type, key.text);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const declaration = this.#declarationOf(node.expression);
      return declaration?.type ? memberType(declaration.type, node.name.text) : undefined;
    }
    return undefined;
  }

  #declarationOf(node: ts.Expression): ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration | undefined {
    if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node)?.declaration;
      if (declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return declaration;
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const member = thisMember(node);
      if (member && (ts.isPropertyDeclaration(member) || ts.isParameter(member))) return member;
    }
    return undefined;
  }

  #namesPackageType(type: ts.TypeNode, typeName: string): boolean {
    if (ts.isUnionTypeNode(type)) return type.types.some((member) => this.#namesPackageType(member, typeName));
    if (!ts.isTypeReferenceNode(type)) return false;
    const name = type.typeName;
    if (ts.isIdentifier(name)) return this.#packageExport(name) === typeName;
    return ts.isIdentifier(name.left) && this.#packageExport(name.left) === '*' && name.right.text === typeName;
  }

  /**
   * The export of the canonical package a name is bound to (`'*'` for a namespace import), or
   * `ns.name` of such a namespace.
   */
  #packageExport(node: ts.Node): string | undefined {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      return this.#packageExport(node.expression) === '*' ? node.name.text : undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = this.scopes.resolve(node)?.declaration;
    if (!declaration) return undefined;
    const exported = ts.isImportSpecifier(declaration) ? (declaration.propertyName ?? declaration.name).text : ts.isNamespaceImport(declaration) ? '*' : undefined;
    if (exported === undefined) return undefined;
    let statement: ts.Node = declaration;
    while (!ts.isImportDeclaration(statement)) statement = statement.parent;
    const specifier = statement.moduleSpecifier;
    const canonical = this.rules.canonical.package;
    return ts.isStringLiteral(specifier) && (specifier.text === canonical || specifier.text.startsWith(`${canonical}/`)) ? exported : undefined;
  }
}

function literalText(node: ts.Expression | undefined): string | undefined {
  const bare = node && unwrapExpression(node);
  return bare && ts.isStringLiteralLike(bare) ? bare.text : undefined;
}

/** The type of property `name` in a type literal (`{ run: RunEmitter }`), if it is one. */
function memberType(type: ts.TypeNode, name: string): ts.TypeNode | undefined {
  if (!ts.isTypeLiteralNode(type)) return undefined;
  for (const member of type.members) {
    if (ts.isPropertySignature(member) && member.type && ts.isIdentifier(member.name) && member.name.text === name) return member.type;
  }
  return undefined;
}
