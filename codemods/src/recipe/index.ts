/**
 * The recipe on its own: loadable by the CLI, the Nx generator, the audit and the ESLint
 * plugin without pulling in the migration engine.
 */
export { DEFAULT_RECIPE_PATH, USER_CONFIG_FILE, RecipeError, loadRecipe, parseRecipe, parseUserConfig } from './load-recipe.js';
export { compileRecipe } from './compiled-recipe.js';
export type { CompiledRecipe, FactoryEntry } from './compiled-recipe.js';
export { SpecifierMatcher, stripSpecifier } from './specifier-matcher.js';
export { MOCK_CALLS } from './mock-calls.js';
export type { ModuleMatch } from './specifier-matcher.js';
export { RECIPE_FORMAT, RecipeSchema, UserConfigSchema, CANONICAL_EVENT_TYPES, DetectionSchema } from './recipe-schema.js';
export type {
  BootstrapConfig,
  CallSiteRule,
  CanonicalEventType,
  Detection,
  Factory,
  Receiver,
  Recipe,
  RecipeModule,
  UserConfig,
  ValueSource,
} from './recipe-schema.js';
