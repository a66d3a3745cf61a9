import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRecipeJsonSchema, renderUserConfigJsonSchema } from '../src/recipe/recipe-json-schema.js';

for (const [file, text] of [
  ['../recipe/recipe.schema.json', renderRecipeJsonSchema()],
  ['../recipe/config.schema.json', renderUserConfigJsonSchema()],
] as const) {
  const target = fileURLToPath(new URL(file, import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
