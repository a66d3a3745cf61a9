import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { RecipeError, USER_CONFIG_FILE } from './recipe-error.js';
import { CANONICAL_EVENT_TYPES, RecipeSchema, UserConfigSchema, type Recipe, type UserConfig } from './recipe-schema.js';

/** The recipe shipped with the package: docs/legacy-map.md as data. */
export const DEFAULT_RECIPE_PATH = fileURLToPath(new URL('../../recipe/legacy-websocket.recipe.json', import.meta.url));

export { RecipeError, USER_CONFIG_FILE } from './recipe-error.js';

/** Reads and validates a recipe file (the shipped one by default). */
export function loadRecipe(file: string = DEFAULT_RECIPE_PATH): Recipe {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RecipeError(file, `cannot read: ${(error as Error).message}`);
  }
  return parseRecipe(parseJson(text, file), file);
}

/** Validates a recipe object: the schema, then the references between its parts. */
export function parseRecipe(value: unknown, source = 'recipe'): Recipe {
  const recipe = validate(RecipeSchema, value, source);
  const problems: string[] = [];
  const unique = (label: string, ids: readonly string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`duplicate ${label} id "${id}"`);
      seen.add(id);
    }
  };
  unique('module', recipe.modules.map((module) => module.id));
  unique('receiver', recipe.receivers.map((receiver) => receiver.id));
  unique('call-site rule', recipe.callSites.map((rule) => rule.id));
  const receivers = new Set(recipe.receivers.map((receiver) => receiver.id));
  const exported = new Set(recipe.modules.flatMap((module) => module.exports));
  for (const receiver of recipe.receivers) {
    for (const factory of receiver.factories) {
      if ('on' in factory && !receivers.has(factory.on)) problems.push(`receiver "${receiver.id}": unknown receiver "${factory.on}"`);
    }
  }
  for (const rule of recipe.callSites) {
    if ('receiver' in rule.on && !receivers.has(rule.on.receiver)) {
      problems.push(`call site "${rule.id}": unknown receiver "${rule.on.receiver}"`);
    }
    if ('function' in rule.on && !exported.has(rule.on.function)) {
      problems.push(`call site "${rule.id}": no module exports "${rule.on.function}"`);
    }
  }
  for (const symbol of recipe.symbols) {
    if (!exported.has(symbol.name)) problems.push(`symbol "${symbol.name}" is not exported by any module`);
  }
  const eventNames = new Set(recipe.detection?.eventNames ?? CANONICAL_EVENT_TYPES);
  for (const type of CANONICAL_EVENT_TYPES) {
    if (!eventNames.has(type)) problems.push(`detection.eventNames lacks "${type}", one of the canonical events`);
  }
  if (problems.length > 0) throw new RecipeError(source, problems.join('; '));
  return recipe;
}

/** Validates the text of `unified-ws.config.json`. */
export function parseUserConfig(text: string, source: string = USER_CONFIG_FILE): UserConfig {
  return validate(UserConfigSchema, parseJson(text, source), source);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RecipeError(source, `invalid JSON: ${(error as Error).message}`);
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, source: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new RecipeError(source, detail);
}
