import { DEFAULT_RECIPE_PATH, loadRecipe } from '../recipe/load-recipe.js';
import { RecipeError } from '../recipe/recipe-error.js';
import type { Detection, Recipe } from '../recipe/recipe-schema.js';

/**
 * The recipe's detection vocabulary, compiled once per audit: every question the file scanner
 * asks about a name is a set lookup or one regular expression.
 */
export interface DetectionRules {
  /** event names only the canonical emitter may send */
  readonly eventNames: ReadonlySet<string>;
  /** tested against a whole method name (`emitAgentStarted`) */
  readonly emitterMethod: RegExp;
  /** tested against a called name (`emit`, `sendToUser`) */
  readonly sendingCall: RegExp;
  readonly messageTypeKey: string;
  readonly canonical: {
    readonly package: string;
    readonly runFactory: string;
    readonly runType: string;
    /** the five event methods and the other run methods that send */
    readonly runMethods: ReadonlyMap<string, string | undefined>;
    readonly serverType: string;
    readonly serverMethods: ReadonlySet<string>;
    /** functions of the package that return the server (`getDefaultEmitterServer`, `createEmitterServer`) */
    readonly serverFunctions: ReadonlySet<string>;
  };
  readonly socketIo: { readonly packages: ReadonlySet<string>; readonly operators: ReadonlySet<string> };
  /**
   * The text pre-filter for agent-event code: an event name, a canonical name, or a word that
   * could be an emitter method must appear somewhere, or the file is not parsed for sites.
   */
  mayHaveSites(text: string): boolean;
}

/** A recipe without `detection` borrows the shipped recipe's, so there is one vocabulary. */
export function compileDetection(recipe: Recipe): DetectionRules {
  const detection: Detection | undefined = recipe.detection ?? loadRecipe(DEFAULT_RECIPE_PATH).detection;
  if (!detection) throw new RecipeError(DEFAULT_RECIPE_PATH, 'the shipped recipe has no "detection" section');
  const api = detection.canonicalApi;
  const runMethods = new Map<string, string | undefined>();
  for (const [type, event] of Object.entries(recipe.canonical.events)) runMethods.set(event.method, type);
  for (const method of api.runMethods) runMethods.set(method, undefined);
  const emitterMethod = new RegExp(detection.emitterMethod.pattern, detection.emitterMethod.flags);
  const needles = [...detection.eventNames, api.runFactory, recipe.canonical.server, ...api.serverMethods];
  const word = wordPattern(detection.emitterMethod.pattern, detection.emitterMethod.flags);
  return {
    eventNames: new Set(detection.eventNames),
    emitterMethod,
    sendingCall: new RegExp(detection.sendingCall.pattern, detection.sendingCall.flags),
    messageTypeKey: detection.messageTypeKey,
    canonical: {
      package: recipe.canonical.package,
      runFactory: api.runFactory,
      runType: api.runType,
      runMethods,
      serverType: api.serverType,
      serverMethods: new Set(api.serverMethods),
      serverFunctions: new Set([recipe.canonical.server, recipe.canonical.bootstrap.create]),
    },
    socketIo: { packages: new Set(detection.socketIo.packages), operators: new Set(detection.socketIo.operators) },
    mayHaveSites: (text) => needles.some((needle) => text.includes(needle)) || word.test(text),
  };
}

/**
 * The emitter-method pattern as a search over a whole text: its `^`/`$` anchors become
 * identifier boundaries, so `async emitAgentStarted(` is found and `reemitAgentStartedX` is not.
 */
function wordPattern(pattern: string, flags = ''): RegExp {
  let source = pattern;
  if (source.startsWith('^')) source = `(?<![\\w$])${source.slice(1)}`;
  if (source.endsWith('$') && !source.endsWith('\\$')) source = `${source.slice(0, -1)}(?![\\w$])`;
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}
