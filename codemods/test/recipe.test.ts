import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRecipe, loadRecipe, parseRecipe, parseUserConfig, RecipeError, SpecifierMatcher } from '../src/recipe/index.js';
import { renderRecipeJsonSchema, renderUserConfigJsonSchema } from '../src/recipe/recipe-json-schema.js';

const recipe = loadRecipe();

describe('the recipe', () => {
  it('ships JSON Schemas that match the zod schemas (run `npm run schema -w @unified-ws/codemods` if not)', () => {
    expect(readFileSync(new URL('../recipe/recipe.schema.json', import.meta.url), 'utf8')).toBe(renderRecipeJsonSchema());
    expect(readFileSync(new URL('../recipe/config.schema.json', import.meta.url), 'utf8')).toBe(renderUserConfigJsonSchema());
  });

  it('covers every module of docs/legacy-map.md with its compat entry point', () => {
    const map = readFileSync(new URL('../../docs/legacy-map.md', import.meta.url), 'utf8');
    const entries = [...map.matchAll(/`@unified-ws\/legacy-compat\/([a-z-]+)`/g)].map((match) => match[1]);
    expect(new Set(recipe.modules.map((module) => module.compatEntry))).toEqual(new Set(entries));
  });

  it('rejects invalid JSON, schema violations and dangling references, naming the field', () => {
    expect(() => parseRecipe({ ...recipe, format: 2 })).toThrow(/format/);
    const dangling = { ...recipe, callSites: [{ ...recipe.callSites[0]!, on: { receiver: 'nobody', methods: ['x'] } }] };
    expect(() => parseRecipe(dangling)).toThrow(RecipeError);
    expect(() => parseRecipe(dangling)).toThrow(/unknown receiver "nobody"/);
    expect(() => parseRecipe({ ...recipe, modules: [...recipe.modules, recipe.modules[0]] })).toThrow(/duplicate module id "websocket-manager-factory"/);
    expect(() => parseUserConfig('{ "modules": [', 'unified-ws.config.json')).toThrow(/unified-ws.config.json: invalid JSON/);
    expect(() => parseUserConfig('{ "bootstrap": { "file": "src/server.ts" } }')).toThrow(/bootstrap\.io/);
    expect(() => compileRecipe(recipe, { modules: [{ id: 'nope', match: ['x'] }] })).toThrow(/unknown module id "nope"/);
  });
});

describe('SpecifierMatcher', () => {
  const matcher = new SpecifierMatcher(recipe.modules, recipe.compat.package, ['@platform/ws/**']);
  const id = (specifier: string, importer = 'src/services/a.ts', compat = false) => matcher.match(specifier, importer, compat)?.module?.id;

  it('matches relative paths with or without an extension or /index, path aliases and package subpaths', () => {
    expect(id('../websocket-core/websocket-manager-factory')).toBe('websocket-manager-factory');
    expect(id('../websocket-core/websocket-manager-factory.js')).toBe('websocket-manager-factory');
    expect(id('../websocket-core/websocket-manager-factory.ts')).toBe('websocket-manager-factory');
    expect(id('../websocket-core/websocket-manager-factory/index.js')).toBe('websocket-manager-factory');
    expect(id('./websocket-manager-factory.js', 'src/websocket-core/utils.ts')).toBe('websocket-manager-factory');
    expect(id('@app/websocket-core/manager')).toBe('manager');
    expect(id('@platform/ws/unified-emitter')).toBe('unified-emitter');
  });

  it('tells look-alikes apart: the package index, files that share a name in another folder, longer names', () => {
    expect(id('../websocket-core')).toBeUndefined();
    expect(id('../websocket-core/index.js')).toBeUndefined();
    expect(id('./websocket-manager-factory.js', 'src/services/corpus/corpus-service.ts')).toBeUndefined();
    expect(id('../websocket-core/websocket-manager-factory-helpers')).toBeUndefined();
    expect(id('@platform/ws/not-a-module')).toBeUndefined();
  });

  it('recognises the compat package only when asked (canonical mode and the census)', () => {
    expect(id('@unified-ws/legacy-compat/executor')).toBeUndefined();
    expect(id('@unified-ws/legacy-compat/executor', 'a.ts', true)).toBe('executor');
    expect(matcher.match('@unified-ws/legacy-compat', 'a.ts', true)).toEqual({ via: 'compat-root', module: undefined });
  });

  it('pre-filters on the text: a string literal naming a module, not a word in a comment', () => {
    expect(matcher.mayReference("import x from '../websocket-core/manager.js';", 'src/a/b.ts', false)).toBe(true);
    expect(matcher.mayReference('// the manager of the websocket-core/manager module\nconst manager = 1;', 'src/a/b.ts', false)).toBe(false);
    expect(matcher.mayReference("import('./manager')", 'src/services/b.ts', false)).toBe(false);
  });

  // An earlier string on the line, then a word the pre-filter looks for, then the specifier:
  // pairing quotes from the left took the text between the two strings for a literal.
  const AFTER_A_STRING = [
    "const tag = 'title', { createWebSocketManager: manager } = await import('../websocket-core/websocket-manager-factory.js');",
    "vi.mock('./session.js', async () => ({ manager: await vi.importActual('../websocket-core/websocket-manager-factory.js') }));",
    "it('lazily loads it', async () => { const manager = await import('../websocket-core/websocket-manager-factory'); });",
    'const a = `title`, auth = await import(`../websocket-core/auth`);',
  ];

  it.each(AFTER_A_STRING)('finds a specifier that follows a string and a searched word on its line: %s', (line) => {
    expect(matcher.mayReference(line, 'src/app/title.ts', false)).toBe(true);
    const specifierStart = line.lastIndexOf('../websocket-core/') - 1;
    expect(matcher.literalPositions(line, false)).toContain(specifierStart);
  });

  // Minified bundles hold lines like this (a quote inside a regex literal, then the words the
  // pre-filter looks for, thousands of times). Retrying the literal at every word took 17 s for
  // a 200 KB line, growing with its square: this one (400 KB) took 45 s a scan, past the test's timeout.
  it('scans a line whose quote never closes once, however many searched words it holds', () => {
    const line = `const quote = /'/, words = [${'manager, auth, handlers, '.repeat(16_000)}];`;
    const text = `${line}\nimport { x } from "../websocket-core/manager.js";\n`;
    expect(matcher.literalPositions(text, true)).toEqual([text.indexOf('"../websocket-core')]);
    expect(matcher.mayReference(text, 'src/a/b.ts', false)).toBe(true);
    expect(matcher.mayReference(line, 'src/a/b.ts', false)).toBe(false);
  });

  it('takes a literal only up to a closing quote of its own kind', () => {
    const text = `const a = "it's the manager", b = '../websocket-core/manager.js';`;
    expect(matcher.literalPositions(text, false)).toEqual([text.indexOf("'../websocket-core")]);
  });

  it('finds the compat package after a string on its line too', () => {
    const line = "const tag = 'title', m = await import('@unified-ws/legacy-compat');";
    expect(matcher.literalPositions(line, true)).toEqual([line.indexOf("'@unified-ws")]);
  });
});
