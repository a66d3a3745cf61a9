import { ts } from './parse.js';

/** A declared name and every identifier in the file that refers to it. */
export interface Binding {
  name: string;
  /** the identifier that declares the name */
  id: ts.Identifier;
  /** ImportSpecifier, ImportClause, NamespaceImport, VariableDeclaration, BindingElement, Parameter, … */
  declaration: ts.Node;
  references: ts.Identifier[];
}

interface Scope {
  parent: Scope | undefined;
  /** function-like bodies and the file take `var`; blocks do not */
  hoists: boolean;
  names: Map<string, Binding>;
}

/**
 * Lexical scopes of one file without a type checker: which declaration each identifier refers
 * to. Types and values share one namespace here, which errs on the side of "shadowed" (a local
 * type named like an import keeps the import's references apart, never merges them).
 */
export class Scopes {
  readonly #scopeOf = new Map<ts.Node, Scope>();
  readonly #bindingOfId = new Map<ts.Identifier, Binding>();
  readonly #referenced = new Map<ts.Identifier, Binding>();
  /** every binding of the file, by name, whatever its scope */
  readonly #byName = new Map<string, Binding[]>();
  /** identifiers met on the way, resolved once every declaration (hoisted ones too) is known */
  readonly #identifiers: ts.Identifier[] = [];
  readonly #collect: ReadonlySet<ts.SyntaxKind>;
  /** nodes of the kinds the caller asked for, in document (pre-)order */
  readonly collected: ts.Node[] = [];

  /**
   * One walk of the tree: declarations go into scopes, identifiers are kept for resolution,
   * nodes of the `collect` kinds are handed back, so callers need no walk of their own, and
   * every node gets its parent pointer on the way down, so a tree parsed without them (half
   * the cost of a parse with them) has them all once this returns.
   */
  constructor(
    readonly sourceFile: ts.SourceFile,
    collect: ReadonlySet<ts.SyntaxKind> = new Set(),
  ) {
    this.#collect = collect;
    const root: Scope = { parent: undefined, hoists: true, names: new Map() };
    this.#scopeOf.set(sourceFile, root);
    this.#declare(sourceFile, root);
    for (const id of this.#identifiers) {
      // Most identifiers name globals or properties: a set lookup rules them out cheaply.
      if (!this.#byName.has(id.text) || !isReference(id)) continue;
      const binding = this.lookup(id.text, id);
      if (binding && binding.id !== id) {
        binding.references.push(id);
        this.#referenced.set(id, binding);
      }
    }
  }

  /** The binding an identifier declares, if it is a declaration name. */
  declared(id: ts.Identifier): Binding | undefined {
    return this.#bindingOfId.get(id);
  }

  /** Every declaration of `name` in the file, in any scope. */
  bindingsNamed(name: string): readonly Binding[] {
    return this.#byName.get(name) ?? [];
  }

  /** The binding a reference resolves to (undefined for globals and non-references). */
  resolve(id: ts.Identifier): Binding | undefined {
    return this.#referenced.get(id);
  }

  /** The binding visible for `name` at `node` (as if an identifier were written there). */
  lookup(name: string, node: ts.Node): Binding | undefined {
    for (let scope: Scope | undefined = this.#scopeAt(node); scope; scope = scope.parent) {
      const binding = scope.names.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  #scopeAt(node: ts.Node): Scope | undefined {
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      const scope = this.#scopeOf.get(current);
      if (scope) return scope;
    }
    return undefined;
  }

  // One visitor per pass, created once: the traversal visits every node of every candidate
  // file, and a closure per node would dominate its cost.
  #current: Scope | undefined;
  #owner: ts.Node | undefined;
  readonly #declareChild = (child: ts.Node): undefined => {
    (child as { parent: ts.Node | undefined }).parent = this.#owner;
    if (this.#current) this.#declare(child, this.#current);
    return undefined;
  };

  #add(target: Scope, name: ts.BindingName | undefined, declaration: ts.Node): void {
    if (!name) return;
    if (ts.isIdentifier(name)) {
      const binding: Binding = { name: name.text, id: name, declaration, references: [] };
      target.names.set(name.text, binding);
      this.#bindingOfId.set(name, binding);
      const named = this.#byName.get(name.text);
      if (named) named.push(binding);
      else this.#byName.set(name.text, [binding]);
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) this.#add(target, element.name, element);
    }
  }

  #child(owner: ts.Node, parent: Scope, hoists: boolean): Scope {
    const created: Scope = { parent, hoists, names: new Map() };
    this.#scopeOf.set(owner, created);
    return created;
  }

  #declare(node: ts.Node, scope: Scope): void {
    const kind = ts.SyntaxKind;
    // Read once: nodes come in many shapes, so every `node.kind` is a megamorphic load.
    const nodeKind = node.kind;
    if (nodeKind === kind.Identifier) {
      this.#identifiers.push(node as ts.Identifier);
      return;
    }
    if (this.#collect.has(nodeKind)) this.collected.push(node);
    let inner = scope;
    switch (nodeKind) {
      case kind.ImportDeclaration: {
        const clause = (node as ts.ImportDeclaration).importClause;
        if (clause?.name) this.#add(scope, clause.name, clause);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) this.#add(scope, bindings.name, bindings);
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) this.#add(scope, element.name, element);
        break;
      }
      case kind.ImportEqualsDeclaration:
        this.#add(scope, (node as ts.ImportEqualsDeclaration).name, node);
        break;
      case kind.VariableDeclaration: {
        const declaration = node as ts.VariableDeclaration;
        // A catch clause's variable belongs to the clause's own scope (below); `var` hoists.
        if (!ts.isCatchClause(node.parent)) {
          this.#add((node.parent.flags & ts.NodeFlags.BlockScoped) !== 0 ? scope : hoisting(scope), declaration.name, node);
        }
        break;
      }
      case kind.FunctionDeclaration:
      case kind.EnumDeclaration:
      case kind.InterfaceDeclaration:
      case kind.TypeAliasDeclaration:
      case kind.ModuleDeclaration: {
        const name = (node as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) this.#add(scope, name, node);
        break;
      }
      case kind.ClassDeclaration:
      case kind.ClassExpression: {
        const name = (node as ts.ClassLikeDeclaration).name;
        inner = this.#child(node, scope, false);
        // A class declaration's name is visible around it; a class expression's only inside.
        if (name) this.#add(nodeKind === kind.ClassDeclaration ? scope : inner, name, node);
        break;
      }
      case kind.CatchClause: {
        const clause = node as ts.CatchClause;
        inner = this.#child(node, scope, false);
        if (clause.variableDeclaration) this.#add(inner, clause.variableDeclaration.name, clause.variableDeclaration);
        break;
      }
      case kind.Block:
        // A function's body shares the function's scope (its parameters).
        if (!ts.isFunctionLike(node.parent)) inner = this.#child(node, scope, false);
        break;
      case kind.ForStatement:
      case kind.ForInStatement:
      case kind.ForOfStatement:
      case kind.CaseBlock:
        inner = this.#child(node, scope, false);
        break;
      case kind.ModuleBlock:
        inner = this.#child(node, scope, true);
        break;
    }
    if (hasParametersAndBody(nodeKind)) {
      const signature = node as ts.SignatureDeclaration;
      inner = this.#child(node, scope, true);
      if (nodeKind === kind.FunctionExpression && signature.name) this.#add(inner, signature.name as ts.Identifier, node);
      for (const parameter of signature.parameters) this.#add(inner, parameter.name, parameter);
      for (const parameter of signature.typeParameters ?? []) this.#add(inner, parameter.name, parameter);
    }
    const saved = this.#current;
    const savedOwner = this.#owner;
    this.#current = inner;
    this.#owner = node;
    ts.forEachChild(node, this.#declareChild);
    this.#current = saved;
    this.#owner = savedOwner;
  }
}

/** Functions, methods, accessors, constructors and arrows: the kinds with parameters and a body scope. */
function hasParametersAndBody(kind: ts.SyntaxKind): boolean {
  switch (kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The scope `var` lands in: the nearest function (or the file). */
function hoisting(scope: Scope): Scope {
  let target = scope;
  while (!target.hoists && target.parent) target = target.parent;
  return target;
}

/** Whether an identifier is read as a name (not a property name, label or declaration). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent as ts.Node & { name?: ts.Node; propertyName?: ts.Node };
  if (!parent) return false;
  if (ts.isQualifiedName(parent)) return parent.left === id;
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (ts.isExportSpecifier(parent)) {
    // `export { a as b }` reads `a`; `export { a } from 'm'` reads nothing local.
    if (parent.parent.parent.moduleSpecifier) return false;
    return (parent.propertyName ?? parent.name) === id;
  }
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return parent.name !== id && parent.propertyName !== id;
}
