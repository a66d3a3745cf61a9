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

  constructor(readonly sourceFile: ts.SourceFile) {
    const root: Scope = { parent: undefined, hoists: true, names: new Map() };
    this.#scopeOf.set(sourceFile, root);
    this.#declare(sourceFile, root);
    this.#resolve(sourceFile);
  }

  /** The binding an identifier declares, if it is a declaration name. */
  declared(id: ts.Identifier): Binding | undefined {
    return this.#bindingOfId.get(id);
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

  #declare(node: ts.Node, scope: Scope): void {
    const add = (target: Scope, name: ts.BindingName | undefined, declaration: ts.Node) => {
      if (!name) return;
      if (ts.isIdentifier(name)) {
        const binding: Binding = { name: name.text, id: name, declaration, references: [] };
        target.names.set(name.text, binding);
        this.#bindingOfId.set(name, binding);
        return;
      }
      for (const element of name.elements) {
        if (ts.isBindingElement(element)) add(target, element.name, element);
      }
    };
    const hoisting = (from: Scope) => {
      let target = from;
      while (!target.hoists && target.parent) target = target.parent;
      return target;
    };
    const child = (owner: ts.Node, hoists: boolean): Scope => {
      const created: Scope = { parent: scope, hoists, names: new Map() };
      this.#scopeOf.set(owner, created);
      return created;
    };

    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.name) add(scope, clause.name, clause);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(scope, bindings.name, bindings);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) add(scope, element.name, element);
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      add(scope, node.name, node);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      if (ts.isCatchClause(node.parent)) {
        // declared by the catch clause's own scope below
      } else {
        const blockScoped = (node.parent.flags & ts.NodeFlags.BlockScoped) !== 0;
        add(blockScoped ? scope : hoisting(scope), node.name, node);
      }
    } else if (ts.isFunctionDeclaration(node)) {
      add(scope, node.name, node);
    } else if (
      ts.isClassDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node)
    ) {
      add(scope, node.name, node);
    } else if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) {
      add(scope, node.name, node);
    }

    let inner = scope;
    if (ts.isFunctionLike(node) && !ts.isFunctionTypeNode(node) && !ts.isConstructorTypeNode(node)) {
      inner = child(node, true);
      if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) add(inner, node.name, node);
      for (const parameter of node.parameters) add(inner, parameter.name, parameter);
      for (const parameter of node.typeParameters ?? []) add(inner, parameter.name, parameter);
    } else if (ts.isCatchClause(node)) {
      inner = child(node, false);
      if (node.variableDeclaration) add(inner, node.variableDeclaration.name, node.variableDeclaration);
    } else if (
      (ts.isBlock(node) && !ts.isFunctionLike(node.parent)) ||
      ts.isForStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isCaseBlock(node) ||
      ts.isModuleBlock(node) ||
      ts.isClassLike(node)
    ) {
      inner = child(node, ts.isModuleBlock(node));
    }
    ts.forEachChild(node, (childNode) => this.#declare(childNode, inner));
  }

  #resolve(node: ts.Node): void {
    if (ts.isIdentifier(node)) {
      if (isReference(node)) {
        const binding = this.lookup(node.text, node);
        if (binding && binding.id !== node) {
          binding.references.push(node);
          this.#referenced.set(node, binding);
        }
      }
      return;
    }
    ts.forEachChild(node, (child) => this.#resolve(child));
  }
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
