import { describe, expect, it } from 'vitest';
import { findModuleReferences } from '../../src/ast/module-references.js';
import { parseSource } from '../../src/ast/parse.js';
import { loadRecipe } from '../../src/recipe/load-recipe.js';
import { SpecifierMatcher } from '../../src/recipe/specifier-matcher.js';

const recipe = loadRecipe();
const matcher = new SpecifierMatcher(recipe.modules, recipe.compat.package);

describe('findModuleReferences', () => {
  it('finds every form of the catalog and tells mentions and computed imports apart', () => {
    const text = `
import { a } from '../websocket-core/websocket-manager-factory.js';
export * from "../websocket-core/unified-emitter";
import legacy = require('../websocket-core/manager.js');
type T = typeof import('../websocket-core/protocols.js');
const lazy = () => import(\`../websocket-core/handlers.js\`);
const cjs = require('../websocket-core/auth');
const where = require.resolve('../services/agent-websocket-bridge.js');
vi.mock('../agents/base/executor.js');
jest.requireActual('../agents/data/unified-data-agent');
// import { z } from '../websocket-core/websocket-manager-factory.js'; (a comment)
const message = '../websocket-core/websocket-manager-factory';
const computed = (name: string) => import(name);
`;
    const { references, mentions, computedImports } = findModuleReferences(parseSource('src/services/x.ts', text), matcher, 'src/services/x.ts', false);
    expect(references.map((reference) => [reference.kind, reference.match.module?.id])).toEqual([
      ['import', 'websocket-manager-factory'],
      ['export', 'unified-emitter'],
      ['import-equals', 'manager'],
      ['import-type', 'protocols'],
      ['dynamic-import', 'handlers'],
      ['require', 'auth'],
      ['require-resolve', 'agent-websocket-bridge'],
      ['mock', 'executor'],
      ['mock', 'unified-data-agent'],
    ]);
    expect(mentions.map((mention) => mention.text)).toEqual(['../websocket-core/websocket-manager-factory']);
    expect(computedImports.map(({ node }) => node.getText())).toEqual(['import(name)']);
  });

  it('finds a specifier that an earlier string and a module-named word precede on its line', () => {
    const text = `const tag = 'title', { createWebSocketManager: manager } = await import('../websocket-core/websocket-manager-factory.js');
vi.mock('./session.js', async () => ({ manager: await vi.importActual('../websocket-core/handlers.js') }));
`;
    const { references } = findModuleReferences(parseSource('src/app/title.ts', text), matcher, 'src/app/title.ts', false);
    expect(references.map((reference) => [reference.kind, reference.match.module?.id])).toEqual([
      ['dynamic-import', 'websocket-manager-factory'],
      ['mock', 'handlers'],
    ]);
  });
});
