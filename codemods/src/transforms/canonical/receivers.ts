import { ts } from '../../ast/parse.js';
import type { Binding, Scopes } from '../../ast/scopes.js';
import { isPureReference, thisMember, unwrapAwait, unwrapExpression } from '../../ast/text.js';
import type { CompiledRecipe, FactoryEntry } from '../../recipe/compiled-recipe.js';
import type { Receiver } from '../../recipe/recipe-schema.js';
import type { LegacyBinding } from './legacy-bindings.js';
import type { TypeOracle } from './type-oracle.js';
import { lookupValue } from './value-refs.js';

/** A legacy object a call is made on. */
export interface ReceiverInfo {
  receiver: Receiver;
  /** the user context it was created with, when that is known and still valid at the call */
  context?: ts.Expression;
  /** why `context` is missing, for the marker */
  contextProblem?: string;
  /** the local variable holding it, when it was created into one */
  local?: Binding;
  /** the legacy export it was made from or typed with (absent when the type checker placed it) */
  source?: LegacyName;
}

export type Resolution = ReceiverInfo | 'not-legacy' | 'unknown';

/** A legacy export used at a site: `name` or `ns.name` of a module object. */
export interface LegacyName {
  legacy: LegacyBinding;
  name: string;
  /** the identifier that refers to the local binding (to track consumption) */
  id: ts.Identifier;
}

/**
 * Tells what a call's receiver is, syntactically first: created by a recipe factory in this
 * file, or a binding annotated with a legacy type. What syntax cannot tell (a member typed in
 * another file, an inferred variable) is asked of the type oracle, when there is one.
 */
export class ReceiverResolver {
  readonly #tracing = new Set<ts.ParameterDeclaration>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly scopes: Scopes,
    private readonly recipe: CompiledRecipe,
    private readonly legacy: ReadonlyMap<Binding, LegacyBinding>,
    private readonly types: TypeOracle | undefined,
  ) {}

  /** The legacy export an expression names, if any (`createWebSocketManager`, `M.createWebSocketManager`). */
  legacyName(expression: ts.Expression): LegacyName | undefined {
    const node = unwrapExpression(expression);
    if (ts.isIdentifier(node)) {
      const binding = this.scopes.resolve(node);
      const legacy = binding && this.legacy.get(binding);
      if (legacy && legacy.exportName !== '*') return { legacy, name: legacy.exportName, id: node };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const binding = this.scopes.resolve(node.expression);
      const legacy = binding && this.legacy.get(binding);
      if (legacy?.exportName === '*') return { legacy, name: node.name.text, id: node.expression };
    }
    return undefined;
  }

  /** The factory a call or construction is, with the context it binds (unchecked). */
  factoryOf(node: ts.Expression): { entry: FactoryEntry; call: ts.CallExpression | ts.NewExpression; source?: LegacyName } | undefined {
    const bare = unwrapExpression(unwrapAwait(node));
    if (!ts.isCallExpression(bare) && !ts.isNewExpression(bare)) return undefined;
    const callee = bare.expression;
    const named = this.legacyName(callee);
    if (named) {
      const kind = ts.isNewExpression(bare) ? 'new' : 'function';
      const entry = this.recipe.factoriesOfImport.get(named.name)?.find((candidate) => kind in candidate.factory);
      return entry ? { entry, call: bare, source: named } : undefined;
    }
    if (ts.isCallExpression(bare) && ts.isPropertyAccessExpression(callee)) {
      const owner = this.legacyName(callee.expression);
      if (owner) {
        const entry = this.recipe.staticFactories.get(`${owner.name}.${callee.name.text}`);
        return entry ? { entry, call: bare, source: owner } : undefined;
      }
      const on = this.resolve(callee.expression);
      if (typeof on === 'object') {
        const entry = this.recipe.methodFactories.get(on.receiver.id)?.get(callee.name.text);
        return entry ? { entry, call: bare, source: on.source } : undefined;
      }
    }
    return undefined;
  }

  resolve(expression: ts.Expression): Resolution {
    const node = unwrapExpression(unwrapAwait(expression));
    const factory = this.factoryOf(node);
    if (factory) return { ...this.#created(factory.entry, factory.call, node), source: factory.source };
    if (ts.isIdentifier(node)) return this.#fromIdentifier(node);
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const member = thisMember(node);
      if (member && ts.isPropertyDeclaration(member)) {
        const typed = member.type && this.#fromType(member.type);
        if (typed) return typed;
        if (member.type) return 'not-legacy';
      }
    }
    return this.#ask(node);
  }

  #fromIdentifier(id: ts.Identifier): Resolution {
    const binding = this.scopes.resolve(id);
    if (!binding) return this.#ask(id);
    if (this.legacy.has(binding)) return 'not-legacy';
    const declaration = binding.declaration;
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
      if (declaration.initializer) {
        const factory = this.factoryOf(declaration.initializer);
        if (factory) return { ...this.#created(factory.entry, factory.call, id), local: binding, source: factory.source };
      }
      if (declaration.type) {
        const typed = this.#fromType(declaration.type);
        return typed ? { ...typed, local: binding } : 'not-legacy';
      }
      if (declaration.initializer && isPlainValue(declaration.initializer)) return 'not-legacy';
    }
    if (ts.isParameter(declaration)) {
      if (declaration.type) {
        const typed = this.#fromType(declaration.type);
        if (!typed) return 'not-legacy';
        const { receiver } = typed;
        const context = this.#contextThroughCallers(declaration, id);
        return context
          ? { ...typed, context }
          : { ...typed, contextProblem: `this ${receiver.id} is a parameter, and its callers do not all pass it with its user context` };
      }
    }
    if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) return 'not-legacy';
    if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return 'not-legacy';
    return this.#ask(id);
  }

  /** A legacy receiver type in an annotation (`WebSocketManager`, `M.WebSocketManager | null`). */
  #fromType(type: ts.TypeNode): { receiver: Receiver; source: LegacyName } | undefined {
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const typed = this.#fromType(member);
        if (typed) return typed;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const name = type.typeName;
    const expression = ts.isIdentifier(name) ? name : ts.isIdentifier(name.left) ? name.left : undefined;
    if (!expression) return undefined;
    const binding = this.scopes.resolve(expression);
    const legacy = binding && this.legacy.get(binding);
    if (!legacy) return undefined;
    const exported = legacy.exportName === '*' && ts.isQualifiedName(name) ? name.right.text : legacy.exportName;
    const receiver = this.recipe.receiverOfType.get(exported);
    return receiver && { receiver, source: { legacy, name: exported, id: expression } };
  }

  /** A receiver made by a factory call, with the context it was bound to if that still holds at `site`. */
  #created(entry: FactoryEntry, call: ts.CallExpression | ts.NewExpression, site: ts.Node): ReceiverInfo {
    const receiver = entry.receiver;
    const missing = `the ${receiver.id} was created without a user context, so the run (userId, threadId, runId) is unknown here; call forRun({ userId, threadId, runId }) with the run you mean`;
    if (!entry.factory.context) return { receiver, contextProblem: missing };
    const found = lookupValue(entry.factory.context, { call, sourceFile: this.sourceFile, used: new Set(), carried: [], textOf: (node) => node.getText(this.sourceFile), substitutionsIn: () => [] }, "'");
    const node = 'found' in found ? found.found.node : undefined;
    if (!node) return { receiver, contextProblem: missing };
    if (!isPureReference(unwrapExpression(node)) && !isPlainContext(node)) {
      return { receiver, contextProblem: `the ${receiver.id} was created with a computed user context; bind it to a variable so the run identity can be read from it` };
    }
    if (!this.#validAt(node, site)) {
      return { receiver, contextProblem: `${node.getText(this.sourceFile)}, the context the ${receiver.id} was created with, means something else here` };
    }
    return { receiver, context: node };
  }

  /**
   * A receiver parameter of a function private to this file (a `#method`, a `private` one, an
   * unexported function) whose every caller passes a receiver it created with a context that it
   * also passes as another argument: inside, that other parameter is the context.
   * (`this.#runTool(context, emitter, …)`, with `emitter = new UnifiedWebSocketEmitter(m, {context})`.)
   */
  #contextThroughCallers(parameter: ts.ParameterDeclaration, site: ts.Identifier): ts.Identifier | undefined {
    // Mutually recursive helpers would ask each other forever.
    if (this.#tracing.has(parameter)) return undefined;
    this.#tracing.add(parameter);
    try {
      return this.#traceCallers(parameter, site);
    } finally {
      this.#tracing.delete(parameter);
    }
  }

  #traceCallers(parameter: ts.ParameterDeclaration, site: ts.Identifier): ts.Identifier | undefined {
    const owner = parameter.parent;
    const index = owner.parameters.indexOf(parameter);
    const calls = callsOf(owner, this.scopes, this.sourceFile);
    if (!calls || calls.length === 0) return undefined;
    let contextIndex: number | undefined;
    for (const call of calls) {
      const argument = call.arguments[index];
      const passed = argument && this.resolve(argument);
      const context = typeof passed === 'object' ? passed.context && unwrapExpression(passed.context) : undefined;
      if (!context || !ts.isIdentifier(context)) return undefined;
      const binding = this.scopes.resolve(context);
      const at = call.arguments.findIndex((candidate) => {
        const bare = unwrapExpression(candidate);
        return ts.isIdentifier(bare) && binding !== undefined && this.scopes.resolve(bare) === binding;
      });
      if (at < 0 || (contextIndex !== undefined && at !== contextIndex)) return undefined;
      contextIndex = at;
    }
    const name = contextIndex === undefined ? undefined : owner.parameters[contextIndex]?.name;
    if (!name || !ts.isIdentifier(name)) return undefined;
    // The parameter must still be what the name means where the receiver is used.
    return this.scopes.lookup(name.text, site) === this.scopes.declared(name) ? name : undefined;
  }

  /** A context found at the factory is usable at `site` when its names still mean the same there. */
  #validAt(context: ts.Expression, site: ts.Node): boolean {
    let valid = true;
    const visit = (node: ts.Node) => {
      if (!valid) return;
      if (ts.isIdentifier(node) && this.scopes.resolve(node) !== this.scopes.lookup(node.text, site)) valid = false;
      if (node.kind === ts.SyntaxKind.ThisKeyword && thisContainer(node) !== thisContainer(site)) valid = false;
      ts.forEachChild(node, visit);
    };
    visit(context);
    return valid;
  }

  #ask(node: ts.Expression): Resolution {
    if (!this.types) return 'unknown';
    const typeName = this.types.legacyTypeOf(node);
    if (!typeName) return 'not-legacy';
    const receiver = this.recipe.receiverOfType.get(typeName);
    return receiver ? { receiver } : 'not-legacy';
  }
}

/**
 * Every call of a function that only this file can call: a `#private` or `private` method (called
 * as `this.name(…)`) or an unexported function declaration. Undefined when it escapes (passed
 * as a value, or callable from elsewhere).
 */
function callsOf(owner: ts.SignatureDeclaration, scopes: Scopes, sourceFile: ts.SourceFile): ts.CallExpression[] | undefined {
  if (ts.isFunctionDeclaration(owner)) {
    if (!owner.name || ts.getModifiers(owner)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
    const references = scopes.declared(owner.name)?.references ?? [];
    const calls = references.map((reference) => reference.parent).filter((parent): parent is ts.CallExpression => ts.isCallExpression(parent));
    return calls.length === references.length && calls.every((call, at) => call.expression === references[at]) ? calls : undefined;
  }
  if (!ts.isMethodDeclaration(owner) || !ts.isClassLike(owner.parent)) return undefined;
  const isPrivate =
    ts.isPrivateIdentifier(owner.name) || (ts.getModifiers(owner)?.some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword) ?? false);
  if (!isPrivate) return undefined;
  const name = owner.name.getText(sourceFile);
  const accesses: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.getText(sourceFile) === name) accesses.push(node);
    ts.forEachChild(node, visit);
  };
  visit(owner.parent);
  const calls = accesses.map((access) => access.parent).filter((parent): parent is ts.CallExpression => ts.isCallExpression(parent));
  const direct = calls.length === accesses.length && calls.every((call, at) => call.expression === accesses[at] && accesses[at]?.expression.kind === ts.SyntaxKind.ThisKeyword);
  return direct ? calls : undefined;
}

/** `{ userId, threadId, runId: id }`: an object literal of plain names, safe to read twice. */
function isPlainContext(node: ts.Expression): boolean {
  const bare = unwrapExpression(node);
  return (
    ts.isObjectLiteralExpression(bare) &&
    bare.properties.every((property) => ts.isShorthandPropertyAssignment(property) || (ts.isPropertyAssignment(property) && isPureReference(property.initializer)))
  );
}

/** Literals and fresh objects cannot be legacy receivers. */
function isPlainValue(node: ts.Expression): boolean {
  const bare = unwrapExpression(node);
  return (
    ts.isLiteralExpression(bare) ||
    ts.isObjectLiteralExpression(bare) ||
    ts.isArrayLiteralExpression(bare) ||
    ts.isArrowFunction(bare) ||
    ts.isFunctionExpression(bare)
  );
}

/** What `this` means at a node: the nearest non-arrow function or class. */
function thisContainer(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !((ts.isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isClassLike(current) || ts.isSourceFile(current))) {
    current = current.parent;
  }
  return current;
}
