import { z } from 'zod';
import { RECIPE_FORMAT, RecipeSchema, UserConfigSchema } from './recipe-schema.js';

/**
 * JSON Schemas of the recipe and of `unified-ws.config.json`, generated from the zod schemas.
 * `npm run schema -w @unified-ws/codemods` writes them to `recipe/`; a test fails when stale.
 */
export function renderRecipeJsonSchema(): string {
  return render(RecipeSchema, `https://unified-ws.dev/schema/codemod-recipe.v${RECIPE_FORMAT}.json`, 'unified-ws codemod recipe');
}

export function renderUserConfigJsonSchema(): string {
  return render(UserConfigSchema, 'https://unified-ws.dev/schema/unified-ws.config.json', 'unified-ws.config.json');
}

function render(schema: z.ZodType, id: string, title: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...json, $id: id, title }, null, 2)}\n`;
}
