// Loads the plugin's TypeScript sources for this workspace's own lint, with no build step:
// tsx transpiles them, and a resolve hook adds the "@unified-ws/source" export condition so
// the plugin's imports of other workspace packages (the codemods recipe) resolve to their
// sources too, as they do in vitest and tsc. A clean clone has no dist/ to fall back on.
import { register } from 'node:module';
import { tsImport } from 'tsx/esm/api';

const hooks = `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@unified-ws/source') ? context.conditions : ['@unified-ws/source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}`)}`;

let loaded;
export function loadPluginFromSource() {
  if (!loaded) {
    register(hooks);
    loaded = tsImport('./src/index.ts', import.meta.url).then((module) => module.default);
  }
  return loaded;
}
