import type { CallSiteRule, Factory, Receiver, Recipe, RecipeModule, UserConfig } from './recipe-schema.js';
import { RecipeError, USER_CONFIG_FILE } from './recipe-error.js';
import { SpecifierMatcher } from './specifier-matcher.js';

export interface FactoryEntry {
  receiver: Receiver;
  factory: Factory;
}

/** A recipe indexed for the transforms: every lookup they make is one map access. */
export interface CompiledRecipe {
  readonly recipe: Recipe;
  readonly matcher: SpecifierMatcher;
  /** export name -> the module that exports it (for imports of the compat root). */
  readonly moduleOfExport: ReadonlyMap<string, RecipeModule>;
  readonly canonicalSymbols: ReadonlyMap<string, { type: string } | { value: string }>;
  readonly receivers: ReadonlyMap<string, Receiver>;
  /** legacy type name -> receiver */
  readonly receiverOfType: ReadonlyMap<string, Receiver>;
  /** imported function or class name -> factories (`function`/`new`) */
  readonly factoriesOfImport: ReadonlyMap<string, readonly FactoryEntry[]>;
  /** `Class.method` -> factory */
  readonly staticFactories: ReadonlyMap<string, FactoryEntry>;
  /** receiver id -> method -> factory producing another receiver */
  readonly methodFactories: ReadonlyMap<string, ReadonlyMap<string, FactoryEntry>>;
  /** receiver id -> method -> rule */
  readonly methodRules: ReadonlyMap<string, ReadonlyMap<string, CallSiteRule>>;
  /** imported function name -> rule */
  readonly functionRules: ReadonlyMap<string, CallSiteRule>;
  /** every method name a rule or factory knows, for spotting receivers that need types */
  readonly knownMethods: ReadonlySet<string>;
}

export function compileRecipe(recipe: Recipe, config: Pick<UserConfig, 'modules'> = { modules: [] }): CompiledRecipe {
  const extraPatterns: string[] = [];
  const modules = recipe.modules.map((module) => ({ ...module, match: [...module.match] }));
  for (const entry of config.modules) {
    if (typeof entry === 'string') {
      extraPatterns.push(entry);
      continue;
    }
    const module = modules.find((candidate) => candidate.id === entry.id);
    if (!module) throw new RecipeError(USER_CONFIG_FILE, `modules: unknown module id "${entry.id}"`);
    module.match.push(...entry.match);
  }
  const matcher = new SpecifierMatcher(modules, recipe.compat.package, extraPatterns);

  const moduleOfExport = new Map<string, RecipeModule>();
  for (const module of modules) for (const name of module.exports) if (!moduleOfExport.has(name)) moduleOfExport.set(name, module);

  const receivers = new Map(recipe.receivers.map((receiver) => [receiver.id, receiver]));
  const receiverOfType = new Map<string, Receiver>();
  const factoriesOfImport = new Map<string, FactoryEntry[]>();
  const staticFactories = new Map<string, FactoryEntry>();
  const methodFactories = new Map<string, Map<string, FactoryEntry>>();
  const knownMethods = new Set<string>();
  for (const receiver of recipe.receivers) {
    for (const type of receiver.types) receiverOfType.set(type, receiver);
    for (const factory of receiver.factories) {
      const entry = { receiver, factory };
      if ('function' in factory || 'new' in factory) {
        const name = 'function' in factory ? factory.function : factory.new;
        factoriesOfImport.set(name, [...(factoriesOfImport.get(name) ?? []), entry]);
      } else if ('static' in factory) {
        staticFactories.set(factory.static, entry);
      } else {
        const methods = methodFactories.get(factory.on) ?? new Map<string, FactoryEntry>();
        methods.set(factory.method, entry);
        methodFactories.set(factory.on, methods);
        knownMethods.add(factory.method);
      }
    }
  }
  const methodRules = new Map<string, Map<string, CallSiteRule>>();
  const functionRules = new Map<string, CallSiteRule>();
  for (const rule of recipe.callSites) {
    if ('function' in rule.on) {
      functionRules.set(rule.on.function, rule);
      continue;
    }
    const methods = methodRules.get(rule.on.receiver) ?? new Map<string, CallSiteRule>();
    for (const method of rule.on.methods) {
      methods.set(method, rule);
      knownMethods.add(method);
    }
    methodRules.set(rule.on.receiver, methods);
  }
  return {
    recipe,
    matcher,
    moduleOfExport,
    canonicalSymbols: new Map(recipe.symbols.map((symbol) => [symbol.name, symbol.canonical])),
    receivers,
    receiverOfType,
    factoriesOfImport,
    staticFactories,
    methodFactories,
    methodRules,
    functionRules,
    knownMethods,
  };
}
