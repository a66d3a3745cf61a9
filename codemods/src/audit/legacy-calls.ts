import { ts } from '../ast/parse.js';
import type { Binding } from '../ast/scopes.js';
import { unwrapExpression } from '../ast/text.js';
import type { CompiledRecipe } from '../recipe/compiled-recipe.js';
import type { Receiver, RecipeModule } from '../recipe/recipe-schema.js';
import type { LegacyBinding } from '../transforms/canonical/legacy-bindings.js';
import type { LegacyName, ReceiverResolver } from '../transforms/canonical/receivers.js';
import type { DetectionRules } from './detection.js';

/** A send through a legacy module's API (or its compat entry). */
export interface LegacyCall {
  module?: RecipeModule;
  via: 'legacy' | 'compat';
  /** the recipe's call-site rule for it, when there is one */
  rule?: string;
  /**
   * true when syntax could not place the receiver and the call counts by its name: the file
   * binds a legacy module and the method is one the recipe knows (where `migrate` would ask
   * the type checker)
   */
  byName?: boolean;
}

/**
 * Tells whether a call sends through a legacy API: a function imported from a legacy module, a
 * static method of a legacy export, or a method of a legacy object (made by a recipe factory in
 * the file, or annotated with a legacy type, or `this` in a class extending a legacy class),
 * when the called name is a sending one. Factories and bookkeeping calls are not sends.
 */
export class LegacyCalls {
  readonly #anyLegacyPath: boolean;

  constructor(
    private readonly recipe: CompiledRecipe,
    private readonly rules: DetectionRules,
    private readonly resolver: ReceiverResolver,
    private readonly legacy: ReadonlyMap<Binding, LegacyBinding>,
  ) {
    this.#anyLegacyPath = [...legacy.values()].some((binding) => binding.reference.match.via === 'legacy');
  }

  callOf(call: ts.CallExpression): LegacyCall | undefined {
    const callee = unwrapExpression(call.expression);
    const named = this.resolver.legacyName(callee);
    if (named) return this.#sends(named.name) ? this.#through(named, this.recipe.functionRules.get(named.name)?.id) : undefined;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (!this.#sends(method)) return undefined;
    const owner = this.resolver.legacyName(callee.expression);
    if (owner) return this.#through(owner);
    const receiver = callee.expression.kind === ts.SyntaxKind.ThisKeyword ? this.#inheritedReceiver(callee) : this.resolver.resolve(callee.expression);
    if (receiver === 'unknown') {
      if (this.legacy.size === 0 || !this.recipe.knownMethods.has(method)) return undefined;
      return { via: this.#anyLegacyPath ? 'legacy' : 'compat', byName: true };
    }
    if (receiver === 'not-legacy') return undefined;
    const rule = this.recipe.methodRules.get(receiver.receiver.id)?.get(method)?.id;
    return receiver.source ? this.#through(receiver.source, rule) : { via: 'legacy', ...(rule ? { rule } : {}) };
  }

  #sends(name: string): boolean {
    return this.rules.sendingCall.test(name);
  }

  #through(source: LegacyName, rule?: string): LegacyCall {
    const module = source.legacy.module ?? this.recipe.moduleOfExport.get(source.name);
    return {
      via: source.legacy.reference.match.via === 'legacy' ? 'legacy' : 'compat',
      ...(module ? { module } : {}),
      ...(rule ? { rule } : {}),
    };
  }

  /** `this.method()` in a class that extends a legacy class is a call on that legacy object. */
  #inheritedReceiver(access: ts.PropertyAccessExpression): { receiver: Receiver; source: LegacyName } | 'not-legacy' {
    let node: ts.Node | undefined = access.parent;
    while (node && !ts.isClassLike(node)) {
      // A function of its own (not a method, not an arrow) has a `this` of its own.
      if (ts.isFunctionLike(node) && !ts.isArrowFunction(node) && !(ts.isClassElement(node) && ts.isClassLike(node.parent))) return 'not-legacy';
      node = node.parent;
    }
    const base = node?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const named = base && this.resolver.legacyName(base);
    const receiver = named && this.recipe.receiverOfType.get(named.name);
    return named && receiver ? { receiver, source: named } : 'not-legacy';
  }
}
