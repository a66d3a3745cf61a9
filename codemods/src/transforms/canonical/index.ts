import { removeListElements } from '../../ast/list-elements.js';
import { importedLocalName } from '../../ast/import-requests.js';
import { findModuleReferences, quoteLike, type ModuleReference } from '../../ast/module-references.js';
import { rewriteObjectLiteral } from '../../ast/object-literal.js';
import { isCommonJs, isJavaScript } from '../../ast/file-kinds.js';
import { firstSyntaxError, parseSource, ts } from '../../ast/parse.js';
import { Renames } from '../../ast/renames.js';
import { Scopes, type Binding } from '../../ast/scopes.js';
import { enclosingStatement, statementRemovalRange, unwrapExpression } from '../../ast/text.js';
import type { CallSiteRule, RunEventAction } from '../../recipe/recipe-schema.js';
import { COMPAT_RULE, markComputedImports } from '../compat-imports/index.js';
import type { Transform, TransformContext } from '../transform.js';
import { ManualSite, buildPayload, contextField, idempotencyKey, isCanonicalEvent, requireValue, runIdentity } from './emit-call.js';
import { boundDeclaration, collectLegacyBindings, type LegacyBinding } from './legacy-bindings.js';
import { ReceiverResolver, type ReceiverInfo } from './receivers.js';
import { lookupValue, unusedArguments, type RefScope } from './value-refs.js';

/** What the canonical pass looks at; the scope walk collects them for it. */
const VISITED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.ExpressionStatement,
]);

/** What a required `@unified-ws/emitter` namespace is called, unless the name is taken. */
const REQUIRE_NAMESPACE = 'unifiedWs';

/** `import x = require('…')` or `export = …`: TypeScript written for CommonJS output. */
function usesTypeScriptRequire(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) ||
      (ts.isExportAssignment(statement) && statement.isExportEquals === true),
  );
}

/** The name of an `import x = require(module)` the file already has. */
function requiredNamespaceOf(sourceFile: ts.SourceFile, module: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportEqualsDeclaration(statement) || statement.isTypeOnly || !ts.isExternalModuleReference(statement.moduleReference)) continue;
    const specifier = statement.moduleReference.expression;
    if (ts.isStringLiteral(specifier) && specifier.text === module) return statement.name.text;
  }
  return undefined;
}

/** Methods of a promise: on a legacy factory's result they mean it was chained, not awaited. */
const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Rule ids of what the canonical transform does besides the recipe's call-site rules. */
export const CANONICAL_RULES = {
  receiverRemoved: 'legacy-receiver-removed',
  receiverEscapes: 'receiver-escapes',
  unsupportedMethod: 'unsupported-legacy-method',
  unmappedSymbol: 'unmapped-legacy-symbol',
  instanceOf: 'instanceof-legacy',
  typeMapped: 'legacy-type',
  receiverType: 'legacy-receiver-type',
  valueMapped: 'legacy-value',
  importRemoved: 'legacy-import-removed',
  reexport: 'reexport-legacy',
  importType: 'import-type-legacy',
  dynamicImport: 'dynamic-import-legacy',
  requireResolve: 'require-resolve-legacy',
  mock: 'mock-legacy-module',
} as const;

/**
 * Phase 2: call sites onto `@unified-ws/emitter`. Receivers are resolved before any edit (by
 * syntax, then by the type oracle for what syntax cannot place), every site becomes one splice
 * or one marker, and the legacy imports shrink to what marked sites still use.
 */
export const canonical: Transform = {
  id: 'canonical',
  run(ctx) {
    return new CanonicalPass(ctx).run();
  },
};

class CanonicalPass {
  readonly #sourceFile: ts.SourceFile;
  readonly #scopes: Scopes;
  readonly #references: ReturnType<typeof findModuleReferences>;
  readonly #legacy: Map<Binding, LegacyBinding>;
  readonly #resolver: ReceiverResolver;
  readonly #server: string;
  readonly #package: string;
  readonly #commonJs: boolean;
  /**
   * Original ranges replaced or removed. An identifier inside one is gone from the output,
   * unless it sits in a node whose text the rewrite carried over (an argument moved into the
   * canonical call).
   */
  readonly #replaced: Array<{ start: number; end: number; carried: readonly ts.Node[] }> = [];
  /** references left in place on purpose, because a marked site still needs them */
  readonly #kept = new Set<ts.Node>();
  /** positions of what stays legacy: types in the same function keep their legacy names */
  readonly #legacyPositions: number[] = [];
  readonly #receiverDeclarations: ts.VariableDeclaration[] = [];
  readonly #renames: Renames;
  readonly #renamePlan = new Map<ts.Identifier, PlannedRename>();
  /** legacy references that became canonical names */
  readonly #renamed = new Set<ts.Node>();
  readonly #generated: string[] = [];
  #usesServer = false;
  #needsTypes = false;
  /** canonical export -> the name this file reaches it by */
  readonly #locals = new Map<string, string>();
  /** CommonJS TypeScript (`.cts`, `import x = require()`, `export =`): values go through one required namespace */
  readonly #requireTs: boolean;
  #requireName: string | undefined;

  constructor(private readonly ctx: TransformContext) {
    this.#sourceFile = ctx.sourceFile;
    this.#scopes = new Scopes(ctx.sourceFile, VISITED_KINDS);
    this.#references = findModuleReferences(ctx.sourceFile, ctx.recipe.matcher, ctx.file, true);
    this.#legacy = collectLegacyBindings(this.#references.references, this.#scopes, ctx.recipe);
    this.#resolver = new ReceiverResolver(ctx.sourceFile, this.#scopes, ctx.recipe, this.#legacy, ctx.types);
    this.#renames = new Renames(ctx.sourceFile);
    this.#server = ctx.recipe.recipe.canonical.server;
    this.#package = ctx.recipe.recipe.canonical.package;
    this.#commonJs = isCommonJs(ctx.file, ts.isExternalModule(ctx.sourceFile));
    this.#requireTs = !isJavaScript(ctx.file) && (ctx.file.endsWith('.cts') || usesTypeScriptRequire(ctx.sourceFile));
  }

  run(): void | 'needs-types' {
    this.#planRenames();
    this.#visit();
    if (this.#needsTypes) return 'needs-types';
    this.#settleReceivers();
    this.#settleLegacyReferences();
    this.#settleModuleReferences();
    if (this.ctx.keptImports === 'compat') this.#keptThroughCompat();
    markComputedImports(this.ctx, this.#references.computedImports, this.#references.mentions.length > 0);
    if (this.#usesServer) this.#import(this.#server, false);
    this.#checkGenerated();
  }

  /**
   * The name code written here uses for a canonical export: the local name of an import of it
   * the file already has; else the export's own name, unless the file declares that name for
   * something else (an import from elsewhere, a local function, a parameter that would shadow
   * it at a call site), where the bare name would not compile or would call the wrong thing;
   * then an alias that nothing in the file declares. Legacy bindings do not count: they are
   * the ones being replaced.
   */
  #local(name: string, typeOnly: boolean): string {
    if (this.#requireTs && !typeOnly) return `${this.#namespace()}.${name}`;
    let local = this.#locals.get(name);
    if (local !== undefined) return local;
    const imported = importedLocalName(this.#sourceFile, this.#package, name, typeOnly);
    // Reused only when that import is the one declaration of its name: a parameter or a local
    // of the same name would shadow it at a call site written here.
    local = imported !== undefined && this.#scopes.bindingsNamed(imported).length === 1 ? imported : this.#free(name);
    this.#locals.set(name, local);
    return local;
  }

  /** The free name `#local` would pick for `name`. */
  #free(name: string): string {
    const taken = (candidate: string) => this.#scopes.bindingsNamed(candidate).some((binding) => !this.#legacy.has(binding));
    let local = name;
    for (let suffix = 2; taken(local); suffix++) local = `${name}${suffix}`;
    return local;
  }

  /**
   * TypeScript that compiles to CommonJS binds the emitter's values through one
   * `import <ns> = require(…)`: an ES import there is an error under `verbatimModuleSyntax`
   * (TS1286), while `import type` stays allowed for types.
   */
  #namespace(): string {
    this.#requireName ??= requiredNamespaceOf(this.#sourceFile, this.#package) ?? this.#free(REQUIRE_NAMESPACE);
    return this.#requireName;
  }

  /** Asks for the import that `#local(name, typeOnly)` relies on. */
  #import(name: string, typeOnly: boolean): void {
    if (this.#requireTs && !typeOnly) this.ctx.imports.requireNamespace(this.#package, this.#namespace());
    else this.ctx.imports.add(this.#package, name, { typeOnly, commonJs: this.#commonJs, local: this.#local(name, typeOnly) });
  }

  /**
   * Copied source stays verbatim and statements go by whole lines, so what could break the
   * file's syntax is the code this pass writes: all of it is parsed once, before it lands.
   */
  #checkGenerated(): void {
    if (this.#generated.length === 0) return;
    const broken = firstSyntaxError(parseSource(this.ctx.file, this.#generated.map((text) => `${text};`).join('\n'), false));
    if (broken) throw new Error(`generated code does not parse (${broken})`);
  }

  // ---- call sites -------------------------------------------------------------------------

  /**
   * The candidate nodes in document order, so an outer site is decided before the calls in its
   * arguments (which are then skipped: they went with the outer call's text).
   */
  #visit(): void {
    for (const node of this.#scopes.collected) {
      if (this.#needsTypes) return;
      if (this.#insideReplaced(node)) continue;
      if (ts.isVariableDeclaration(node)) {
        if (ts.isIdentifier(node.name) && node.initializer && this.#resolver.factoryOf(node.initializer)) this.#receiverDeclarations.push(node);
      } else if (ts.isExpressionStatement(node)) {
        const factory = this.#resolver.factoryOf(node.expression);
        // Created and dropped: its side effects (a pool's eviction, a factory's counters) may matter.
        if (factory) {
          this.#mark(node, CANONICAL_RULES.receiverEscapes, `creates a legacy ${factory.entry.receiver.id} and drops it; delete the call unless something relies on its side effects`);
        }
      } else if (ts.isCallExpression(node) && this.#site(node) === 'needs-types') {
        this.#needsTypes = true;
      }
    }
  }

  #insideReplaced(node: ts.Node): boolean {
    const start = node.getStart(this.#sourceFile);
    return this.#replaced.some((range) => range.start <= start && node.getEnd() <= range.end);
  }

  #site(call: ts.CallExpression): 'replaced' | 'kept' | 'needs-types' | undefined {
    const callee = call.expression;
    const named = this.#resolver.legacyName(callee);
    if (named) {
      const rule = this.ctx.recipe.functionRules.get(named.name);
      return rule ? this.#apply(rule, call, undefined, named.id) : undefined;
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (this.#resolver.legacyName(callee.expression)) return undefined; // a static call: a factory or an unmapped symbol
    const resolution = this.#resolver.resolve(callee.expression);
    if (resolution === 'unknown') {
      const ambiguous = this.ctx.recipe.knownMethods.has(method) && !isJavaScript(this.ctx.file) && this.#legacy.size > 0;
      return ambiguous ? 'needs-types' : undefined;
    }
    if (resolution === 'not-legacy') return undefined;
    const rule = this.ctx.recipe.methodRules.get(resolution.receiver.id)?.get(method);
    if (rule) return this.#apply(rule, call, resolution, receiverIdentifier(callee.expression));
    if (this.ctx.recipe.methodFactories.get(resolution.receiver.id)?.has(method)) return undefined;
    // A factory's promise, chained rather than awaited: the manager is inside the callback.
    const reason = PROMISE_METHODS.has(method)
      ? `the legacy ${resolution.receiver.id} is used through .${method}(), out of this migration's reach; await it (\`const manager = await …\`) and run the migration again, or rework the code onto ${this.#package}`
      : `.${method}() of the legacy ${resolution.receiver.id} has no equivalent in ${this.#package}; drop it or rework the code around it`;
    this.#mark(call, CANONICAL_RULES.unsupportedMethod, reason, receiverIdentifier(callee.expression));
    return 'kept';
  }

  #apply(rule: CallSiteRule, call: ts.CallExpression, receiver: ReceiverInfo | undefined, anchor: ts.Node | undefined): 'replaced' | 'kept' {
    const action = rule.action;
    try {
      if (action.kind === 'manual') throw new ManualSite(action.reason);
      const scope: RefScope = {
        call,
        sourceFile: this.#sourceFile,
        receiverContext: receiver?.context,
        receiverProblem: receiver?.contextProblem,
        used: new Set(),
        carried: [],
        textOf: (node) => this.#renames.textOf(node),
        substitutionsIn: (node) => this.#renames.within(node.getStart(this.#sourceFile), node.getEnd()),
      };
      const quote = this.ctx.style.quote;
      if (action.kind === 'notify-user') {
        const message = lookupValue(action.message, scope, quote);
        if ('absent' in message) {
          throw new ManualSite(
            'this call passes no user id (the legacy call failed with a TypeError and reached no one); pass the user id and run the migration again',
          );
        }
        const userId = requireValue(action.userId, scope, quote, 'the user id');
        if ('unknown' in message) throw new ManualSite(message.unknown);
        this.#checkArguments(scope, []);
        this.#replaceNotifyUser(rule.id, call, userId.text, message.found.node, scope);
        return 'replaced';
      }
      this.#replaceRunEvent(rule, action, call, scope);
      return 'replaced';
    } catch (error) {
      if (!(error instanceof ManualSite)) throw error;
      this.#mark(call, rule.id, error.message, anchor);
      return 'kept';
    }
  }

  #replaceNotifyUser(rule: string, call: ts.CallExpression, userId: string, message: ts.Expression | undefined, scope: RefScope, type?: string): void {
    const object = message && unwrapExpression(message);
    let typeText = type;
    let data: string | undefined;
    if (typeText === undefined) {
      if (!object || !ts.isObjectLiteralExpression(object)) {
        throw new ManualSite('the message is not an object literal; call notifyUser(userId, type, data) with the type you mean');
      }
      const typeProperty = object.properties.find(
        (property) => ts.isPropertyAssignment(property) && property.name.getText(this.#sourceFile).replace(/['"]/g, '') === 'type',
      ) as ts.PropertyAssignment | undefined;
      if (!typeProperty || !ts.isStringLiteralLike(unwrapExpression(typeProperty.initializer))) {
        throw new ManualSite('the message type is not a string literal; call notifyUser(userId, type, data) with the type you mean');
      }
      typeText = unwrapExpression(typeProperty.initializer).getText(this.#sourceFile);
      data = rewriteObjectLiteral(object, this.#sourceFile, { remove: new Set([typeProperty]), substitutions: scope.substitutionsIn(object) });
    } else if (message) {
      data = scope.textOf(message);
    }
    if (resultUse(call) !== 'statement') throw new ManualSite('the result of this call is used, and notifyUser returns nothing');
    const target = ts.isAwaitExpression(call.parent) ? call.parent : call;
    this.#replace(target, `${this.#local(this.#server, false)}().notifyUser(${userId}, ${typeText}${data ? `, ${data}` : ''})`, rule, scope.carried);
  }

  #replaceRunEvent(rule: CallSiteRule, action: RunEventAction, call: ts.CallExpression, scope: RefScope): void {
    const quote = this.ctx.style.quote;
    let type: string;
    if (typeof action.event === 'string') {
      type = action.event;
    } else {
      const value = requireValue(action.event.from, scope, quote, 'the event type');
      const bare = value.node && unwrapExpression(value.node);
      if (!bare || !ts.isStringLiteralLike(bare)) {
        throw new ManualSite('the event type is only known at run time; call forRun(...).emit(type, payload) with a payload the emitter accepts');
      }
      type = bare.text;
    }
    const context = requireValue(action.run, scope, quote, 'the user context');
    const userId = action.userId ? requireValue(action.userId, scope, quote, 'the user id') : undefined;
    if (!isCanonicalEvent(type)) {
      if (action.otherTypes !== 'notify-user') throw new ManualSite(`'${type}' is not one of the five run events`);
      const data = action.payload.from ? requireValue(action.payload.from, scope, quote, 'the data') : undefined;
      this.#checkArguments(scope, action.ignore);
      const user = userId?.text ?? contextField(context, 'userId', scope);
      this.#replaceNotifyUser(rule.id, call, user, data?.node, scope, `${quote}${type}${quote}`);
      return;
    }
    if (resultUse(call) === 'used') {
      throw new ManualSite('the result of this call is used, and the canonical call resolves to the sent event (or rejects) instead');
    }
    const runId = action.runId ? requireValue(action.runId, scope, quote, 'the run id') : undefined;
    const run = runIdentity(context, { userId, runId }, scope);
    const payload = buildPayload(action.payload, type, scope, this.ctx.recipe, quote);
    this.#checkArguments(scope, action.ignore);
    const event = this.ctx.recipe.recipe.canonical.events[type];
    const key = idempotencyKey(event.idempotencyKey, payload.values, quote);
    const options = key ? `, { idempotencyKey: ${key} }` : '';
    this.#replace(call, `${this.#local(this.#server, false)}().forRun(${run}).${event.method}(${payload.text}${options})`, rule.id, scope.carried);
  }

  #checkArguments(scope: RefScope, ignore: readonly string[]): void {
    const unused = unusedArguments(scope, ignore);
    if (unused.length > 0) throw new ManualSite(`${unused.join(', ')} would be dropped; the canonical call has no place for it`);
  }

  // ---- receivers, legacy names and imports -------------------------------------------------

  /** Receiver variables whose every use was rewritten go; the others stay, marked when they escape. */
  #settleReceivers(): void {
    const pending = new Set(this.#receiverDeclarations);
    for (let progress = true; progress; ) {
      progress = false;
      for (const declaration of pending) {
        const binding = this.#scopes.declared(declaration.name as ts.Identifier);
        if (!binding) continue;
        const left = binding.references.filter((reference) => !this.#consumed(reference));
        if (left.some((reference) => !this.#kept.has(reference))) continue;
        pending.delete(declaration);
        progress = true;
        if (left.length > 0) {
          this.#keep(declaration);
          continue;
        }
        const statement = declaration.parent.parent;
        if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
          this.#remove(statement, CANONICAL_RULES.receiverRemoved);
        } else {
          this.#keep(declaration);
        }
      }
    }
    for (const declaration of pending) {
      const binding = this.#scopes.declared(declaration.name as ts.Identifier);
      const use = binding?.references.find((reference) => !this.#consumed(reference) && !this.#kept.has(reference));
      this.#mark(
        declaration,
        CANONICAL_RULES.receiverEscapes,
        `${declaration.name.getText(this.#sourceFile)} is ${use ? describeUse(use) : 'used beyond the calls this migration rewrites'}; canonical code has no manager objects: pass ${this.#server}() or a RunEmitter from forRun({userId, threadId, runId}) instead`,
      );
      this.#keep(declaration);
    }
  }

  /**
   * Legacy constants and data types that have a canonical twin (CRITICAL_EVENTS, its element
   * type) are renamed whatever happens around them, so they are decided before any splice and
   * text moved into a rewritten call carries the new name.
   */
  #planRenames(): void {
    for (const legacy of this.#legacy.values()) {
      for (const reference of legacy.binding.references) {
        const { node, name } = memberOf(reference, legacy);
        const canonical = name === undefined ? undefined : this.ctx.recipe.canonicalSymbols.get(name);
        if (!canonical || !name) continue;
        const typeQuery = ts.isTypeQueryNode(node.parent);
        let planned: PlannedRename;
        if ('value' in canonical && (typeQuery || !isTypePosition(node))) {
          planned = { node, name: canonical.value, typeOnly: typeQuery, rule: CANONICAL_RULES.valueMapped };
        } else if ('type' in canonical && isTypePosition(node) && !typeQuery && !this.ctx.recipe.receiverOfType.has(name)) {
          planned = { node, name: canonical.type, typeOnly: true, rule: CANONICAL_RULES.typeMapped };
        } else continue;
        this.#renamePlan.set(reference, planned);
        this.#renames.add(node, this.#local(planned.name, planned.typeOnly));
      }
    }
  }

  #settleLegacyReferences(): void {
    const typeReferences: Array<{ legacy: LegacyBinding; node: ts.Node; name: string }> = [];
    for (const legacy of this.#legacy.values()) {
      for (const reference of legacy.binding.references) {
        const planned = this.#renamePlan.get(reference);
        if (planned) {
          this.#applyRename(reference, planned);
          continue;
        }
        if (this.#consumed(reference) || this.#kept.has(reference)) continue;
        const { node, name } = memberOf(reference, legacy);
        if (name === undefined) {
          this.#mark(node, CANONICAL_RULES.unmappedSymbol, `the module object of ${legacy.reference.specifier} is used as a whole; import the names you need`);
        } else if (isTypePosition(node)) {
          typeReferences.push({ legacy, node, name });
        } else if (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
          this.#mark(node, CANONICAL_RULES.instanceOf, `${name} has no canonical class to test against; check the capability you need instead`, node);
        } else if (this.#isFactoryCallee(node)) {
          this.#mark(node, CANONICAL_RULES.receiverEscapes, `the ${name}(...) result is stored or passed on; canonical code has no manager objects: use ${this.#server}() or a RunEmitter instead`, node);
        } else {
          this.#mark(node, CANONICAL_RULES.unmappedSymbol, this.#unmappedReason(name, legacy), node);
        }
      }
    }
    for (const { legacy, node, name } of typeReferences) {
      const receiver = this.ctx.recipe.receiverOfType.get(name);
      if (this.#nearLegacy(node)) {
        this.#kept.add(node);
      } else if (receiver) {
        // Never rewritten: legacy objects of this type may still be passed in from code that keeps
        // them (a marked site here or elsewhere), and nothing legacy is assignable to EmitterServer.
        const canonical = this.ctx.recipe.canonicalSymbols.get(name);
        this.#mark(
          node,
          CANONICAL_RULES.receiverType,
          `${name} is the type of a legacy ${receiver.id}, whose values may still come from legacy code; once they do not, type this as ${canonical && 'type' in canonical ? canonical.type : 'EmitterServer'} from ${this.#package}`,
          node,
        );
      } else {
        this.#mark(node, CANONICAL_RULES.unmappedSymbol, this.#unmappedReason(name, legacy), node);
      }
    }
  }

  /** A planned rename: already inside the text of a rewritten call, gone with a removed statement, or spliced here. */
  #applyRename(reference: ts.Identifier, planned: PlannedRename): void {
    this.#renamed.add(reference);
    const { node } = planned;
    const start = node.getStart(this.#sourceFile);
    const end = node.getEnd();
    const range = this.#replaced.find((candidate) => candidate.start <= start && end <= candidate.end);
    const carried = range?.carried.some((kept) => kept.getStart(this.#sourceFile) <= start && end <= kept.getEnd());
    if (range && !carried) return;
    const local = this.#local(planned.name, planned.typeOnly);
    if (!range) {
      this.ctx.edits.overwrite(start, end, local);
      this.ctx.tally.add(planned.rule);
    }
    this.#import(planned.name, planned.typeOnly);
  }

  #settleModuleReferences(): void {
    for (const reference of this.#references.references) {
      switch (reference.kind) {
        case 'import':
        case 'import-equals':
          this.#shrinkImport(reference);
          break;
        case 'dynamic-import':
        case 'require':
          this.#shrinkBoundLoad(reference);
          break;
        case 'export':
          this.#markModule(reference, CANONICAL_RULES.reexport, `re-exports ${reference.specifier}: its consumers keep legacy names; export what they need from ${this.#package}, or point this at ${this.#compatTarget(reference)}`);
          break;
        case 'import-type':
          this.#markModule(reference, CANONICAL_RULES.importType, `a type imported from ${reference.specifier}; use the types of ${this.#package}`);
          break;
        case 'require-resolve':
          this.#markModule(reference, CANONICAL_RULES.requireResolve, `resolves ${reference.specifier}, which migrated code no longer loads`);
          break;
        case 'mock':
          this.#markModule(reference, CANONICAL_RULES.mock, `mocks ${reference.specifier}, which migrated code no longer loads; mock or spy on ${this.#server}() from ${this.#package} instead`);
          break;
      }
    }
  }

  /** What stays of the legacy imports (for marked sites) points at the compat package. */
  #keptThroughCompat(): void {
    for (const reference of this.#references.references) {
      if (reference.match.via !== 'legacy' || this.#insideReplaced(reference.literal)) continue;
      // CommonJS requires are retargeted by the jscodeshift pass.
      if (isJavaScript(this.ctx.file) && (reference.kind === 'require' || reference.kind === 'require-resolve')) continue;
      const target = `${this.ctx.recipe.recipe.compat.package}/${reference.match.module.compatEntry}`;
      this.ctx.edits.overwrite(reference.literal.getStart(this.#sourceFile), reference.literal.getEnd(), quoteLike(reference.literal, target, this.#sourceFile));
      this.ctx.tally.add(COMPAT_RULE);
    }
  }

  #shrinkImport(reference: ModuleReference): void {
    const bindings = [...this.#legacy.values()].filter((legacy) => legacy.reference === reference);
    const needed = new Set<ts.Node>(bindings.filter((legacy) => this.#stillUsed(legacy.binding)).map((legacy) => legacy.binding.id));
    if (bindings.length > 0 && needed.size === bindings.length) {
      this.#typeOnlyWhenPossible(reference, bindings);
      return;
    }
    this.ctx.tally.add(CANONICAL_RULES.importRemoved);
    if (needed.size === 0) {
      this.#remove(reference.node, CANONICAL_RULES.importRemoved);
      return;
    }
    // Only an import declaration binds more than one name.
    const clause = ts.isImportDeclaration(reference.node) ? reference.node.importClause : undefined;
    if (!clause) return;
    const named = clause.namedBindings;
    const remove = (start: number, end: number) => this.ctx.edits.remove(start, end);
    if (clause.name && named && !needed.has(clause.name)) remove(clause.name.getStart(this.#sourceFile), named.getStart(this.#sourceFile));
    if (!named || !ts.isNamedImports(named)) return;
    if (clause.name && named.elements.every((element) => !needed.has(element.name))) remove(clause.name.getEnd(), named.getEnd());
    else removeListElements(named.elements, (element) => !needed.has((element as ts.ImportSpecifier).name), this.#sourceFile, remove);
    this.#typeOnlyWhenPossible(reference, bindings.filter((legacy) => needed.has(legacy.binding.id)));
  }

  /** An import kept only for types becomes `import type`, so nothing legacy loads at run time. */
  #typeOnlyWhenPossible(reference: ModuleReference, kept: readonly LegacyBinding[]): void {
    const node = reference.node;
    if (!ts.isImportDeclaration(node) || !node.importClause || node.importClause.isTypeOnly || node.importClause.name) return;
    const typesOnly = kept.every((legacy) =>
      legacy.binding.references.every((reference) => this.#gone(reference) || isTypePosition(memberOf(reference, legacy).node)),
    );
    if (!typesOnly || kept.length === 0) return;
    const named = node.importClause.namedBindings;
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        if (element.isTypeOnly) this.ctx.edits.remove(element.getStart(this.#sourceFile), element.name.getStart(this.#sourceFile));
      }
    }
    this.ctx.edits.appendLeft(node.importClause.getStart(this.#sourceFile), 'type ');
  }

  /** `const { a } = await import('m')` / `const M = require('m')`. */
  #shrinkBoundLoad(reference: ModuleReference): void {
    const declaration = boundDeclaration(reference.node as ts.CallExpression);
    if (!declaration) {
      this.#markModule(reference, CANONICAL_RULES.dynamicImport, `loads ${reference.specifier} without binding its names here; load ${this.#package} instead`);
      return;
    }
    const bindings = [...this.#legacy.values()].filter((legacy) => legacy.reference === reference);
    const unused = bindings.filter((legacy) => !this.#stillUsed(legacy.binding));
    if (unused.length === 0) return;
    if (reference.kind === 'require' && isJavaScript(this.ctx.file)) {
      // CommonJS declarations are rewritten by the jscodeshift transform that runs next.
      const names = this.ctx.dropRequires.get(reference.specifier) ?? new Set<string>();
      for (const legacy of unused) names.add(legacy.binding.name);
      this.ctx.dropRequires.set(reference.specifier, names);
      this.ctx.tally.add(CANONICAL_RULES.importRemoved);
      return;
    }
    const statement = declaration.parent.parent;
    if (unused.length === bindings.length && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      this.#remove(statement, CANONICAL_RULES.importRemoved);
      return;
    }
    if (ts.isObjectBindingPattern(declaration.name)) {
      const drop = new Set(unused.map((legacy) => legacy.binding.id as ts.Node));
      removeListElements(declaration.name.elements, (element) => drop.has((element as ts.BindingElement).name), this.#sourceFile, (start, end) => this.ctx.edits.remove(start, end));
      this.ctx.tally.add(CANONICAL_RULES.importRemoved);
    }
  }

  #stillUsed(binding: Binding): boolean {
    return binding.references.some((reference) => !this.#gone(reference));
  }

  /** No longer a legacy reference in the output: replaced, removed or renamed. */
  #gone(reference: ts.Node): boolean {
    return this.#renamed.has(reference) || this.#consumed(reference);
  }

  // ---- edits ------------------------------------------------------------------------------

  /** Splices generated code over a call (checked with the rest of the file's generated code in `run`). */
  #replace(node: ts.Node, text: string, rule: string, carried: readonly ts.Node[]): void {
    const start = node.getStart(this.#sourceFile);
    const end = node.getEnd();
    if (this.#replaced.some((range) => start < range.end && range.start < end)) {
      throw new ManualSite('this call sits inside another migrated call; migrate the outer one by hand first');
    }
    this.#generated.push(text);
    this.ctx.edits.overwrite(start, end, text);
    this.#replaced.push({ start, end, carried });
    this.ctx.tally.add(rule);
    this.#usesServer = true;
  }

  #remove(node: ts.Node, rule: string): void {
    const [start, end] = statementRemovalRange(this.ctx.text, node, this.#sourceFile);
    this.ctx.edits.remove(start, end);
    this.#replaced.push({ start, end, carried: [] });
    this.ctx.tally.add(rule);
  }

  /** A marker; what the site still uses stays legacy (and quiet: the marker speaks for it). */
  #mark(node: ts.Node, rule: string, reason: string, anchor?: ts.Node): void {
    this.ctx.markers.mark(node, rule, reason);
    this.#keep(node);
    if (anchor) this.#kept.add(anchor);
  }

  #markModule(reference: ModuleReference, rule: string, reason: string): void {
    this.ctx.markers.mark(reference.node, rule, reason);
  }

  /** Every identifier inside `node` stays as it is without a marker of its own. */
  #keep(node: ts.Node): void {
    this.#legacyPositions.push(node.getStart(this.#sourceFile));
    const visit = (child: ts.Node) => {
      if (ts.isIdentifier(child)) this.#kept.add(child);
      ts.forEachChild(child, visit);
    };
    visit(node);
  }

  #consumed(node: ts.Node): boolean {
    const start = node.getStart(this.#sourceFile);
    const end = node.getEnd();
    const inside = (range: { start: number; end: number }) => range.start <= start && end <= range.end;
    return this.#replaced.some(
      (range) => inside(range) && !range.carried.some((kept) => inside({ start: kept.getStart(this.#sourceFile), end: kept.getEnd() })),
    );
  }

  /** Whether legacy code stays in the same function (or class): its types must stay legacy too. */
  #nearLegacy(node: ts.Node): boolean {
    const unit = enclosingUnit(node);
    const start = unit.getStart(this.#sourceFile);
    const end = unit.getEnd();
    return this.#legacyPositions.some((position) => start <= position && position < end);
  }

  #isFactoryCallee(node: ts.Node): boolean {
    let callee: ts.Node = node;
    if (ts.isPropertyAccessExpression(callee.parent) && callee.parent.expression === callee) callee = callee.parent;
    const call = callee.parent;
    return (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression === callee && this.#resolver.factoryOf(call) !== undefined;
  }

  #unmappedReason(name: string, legacy: LegacyBinding): string {
    const module = legacy.module ?? this.ctx.recipe.moduleOfExport.get(name);
    const where = module ? `${this.ctx.recipe.recipe.compat.package}/${module.compatEntry}` : this.ctx.recipe.recipe.compat.package;
    return `${name} has no equivalent in ${this.#package}; keep it through ${where} or replace it`;
  }

  #compatTarget(reference: ModuleReference): string {
    const module = reference.match.module;
    return module ? `${this.ctx.recipe.recipe.compat.package}/${module.compatEntry}` : this.ctx.recipe.recipe.compat.package;
  }
}

/**
 * What happens to a call's result: nothing (a statement, `await x;`, `void x`), only its
 * rejection is handled (`x.catch(…);`), or it is used as a value.
 */
function resultUse(call: ts.CallExpression): 'statement' | 'catch' | 'used' {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return 'statement';
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'catch' && ts.isCallExpression(parent.parent)) {
    return resultUse(parent.parent) === 'used' ? 'used' : 'catch';
  }
  return 'used';
}

interface PlannedRename {
  node: ts.Node;
  name: string;
  typeOnly: boolean;
  rule: string;
}

/** The identifier a receiver expression starts from (`mgr` in `mgr.send`, `this.mgr` has none). */
function receiverIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  const bare = unwrapExpression(expression);
  return ts.isIdentifier(bare) ? bare : undefined;
}

/** For a module object `M`, the member used (`M.x`); otherwise the binding's export name. */
function memberOf(reference: ts.Identifier, legacy: LegacyBinding): { node: ts.Node; name: string | undefined } {
  if (legacy.exportName !== '*') return { node: reference, name: legacy.exportName };
  const parent = reference.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) return { node: parent, name: parent.name.text };
  if (ts.isQualifiedName(parent) && parent.left === reference) return { node: parent, name: parent.right.text };
  return { node: reference, name: undefined };
}

export function isTypePosition(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent)) return true;
  if (ts.isExpressionWithTypeArguments(parent)) {
    const clause = parent.parent;
    return ts.isHeritageClause(clause) && (clause.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(clause.parent));
  }
  return false;
}

function describeUse(reference: ts.Identifier): string {
  const parent = reference.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return 'passed to another function';
  if (ts.isReturnStatement(parent) || ts.isArrowFunction(parent)) return 'returned';
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'stored elsewhere';
  if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) return 'put into an object';
  if (ts.isPropertyAccessExpression(parent)) return `used for .${parent.name.text}`;
  return 'used beyond the calls this migration rewrites';
}

/** The function, class or top-level statement a node belongs to. */
function enclosingUnit(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if ((ts.isFunctionLike(current) && !ts.isFunctionTypeNode(current)) || ts.isClassLike(current)) return current;
    if (ts.isSourceFile(current.parent)) return current;
  }
  return enclosingStatement(node);
}
