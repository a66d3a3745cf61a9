import path from 'node:path';
import type { Rule } from 'eslint';
import { noLegacyImports } from '../../src/rules/no-legacy-imports.js';
import { ruleTester } from '../rule-tester.js';

const rule = noLegacyImports as unknown as Rule.RuleModule;
// Relative specifiers are resolved from the linted file, as the codemods resolve them.
const filename = path.join(process.cwd(), 'src/services/chat-service.ts');

ruleTester().run('no-legacy-imports', rule, {
  valid: [
    { code: "import { getDefaultEmitterServer } from '@unified-ws/emitter';", filename },
    // Look-alikes: same names, other modules.
    { code: "import { createWebSocketManager } from '../websocket-core/utils.js';", filename },
    { code: "import { createWebSocketManager } from './websocket-manager-helpers.js';", filename },
    // String-only mentions are not imports.
    { code: "logger.warn('websocket-core/websocket-manager-factory is deprecated');", filename },
    { code: "const pattern = /websocket-manager-factory/;", filename },
    // A computed path cannot be matched: verify lists it apart, not as a reference.
    { code: 'const m = await import(`../websocket-core/${name}`);', filename },
    // Mock-like calls that are not the test runners' take no module path.
    { code: "vi.fn('../websocket-core/websocket-manager-factory');", filename },
    { code: "other.mock('../websocket-core/websocket-manager-factory');", filename },
    // The shim is accepted during the compat phase when asked to.
    {
      code: "import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';",
      filename,
      options: [{ allowCompat: true }],
    },
  ],
  invalid: [
    {
      code: "import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';",
      filename,
      errors: [
        {
          messageId: 'legacyImport',
          data: {
            specifier: '../websocket-core/websocket-manager-factory.js',
            module: 'websocket-manager-factory',
            entry: 'websocket-manager-factory',
          },
          suggestions: [
            {
              messageId: 'retargetToCompat',
              data: { entry: 'websocket-manager-factory' },
              output: "import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';",
            },
          ],
        },
      ],
    },
    {
      // A pure rename: the canonical package exports the same value under the same name.
      code: 'import { CRITICAL_EVENTS } from "../websocket-core/unified-emitter";',
      filename,
      output: 'import { CRITICAL_EVENTS } from "@unified-ws/emitter";',
      errors: [
        {
          messageId: 'legacyImport',
          suggestions: [{ messageId: 'retargetToCompat', output: 'import { CRITICAL_EVENTS } from "@unified-ws/legacy-compat/unified-emitter";' }],
        },
      ],
    },
    {
      code: "export * from '../websocket-core/websocket-manager-factory';",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      code: "export { WebSocketNotifier } from '../services/agent-websocket-bridge.js';",
      filename,
      errors: [{ messageId: 'legacyImport', data: { specifier: '../services/agent-websocket-bridge.js', module: 'agent-websocket-bridge', entry: 'agent-websocket-bridge' }, suggestions: 1 }],
    },
    {
      code: "async function lazy() { const m = await import('../websocket-core/websocket-manager-factory.js'); return m; }",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      code: "vi.mock('../websocket-core/websocket-manager-factory.js', async (importOriginal) => ({ ...(await importOriginal()) }));",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      code: "const { createWebSocketManager } = require('../websocket-core/websocket-manager-factory');",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      code: "import factory = require('../websocket-core/websocket-manager-factory');",
      filename,
      errors: [
        {
          messageId: 'legacyImport',
          suggestions: [
            { messageId: 'retargetToCompat', output: "import factory = require('@unified-ws/legacy-compat/websocket-manager-factory');" },
          ],
        },
      ],
    },
    {
      code: "export import factory = require('../websocket-core/websocket-manager-factory');",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      // A template without ${} is a plain string to verify; the suggestion keeps the backticks.
      code: 'async function lazy() { return import(`../websocket-core/websocket-manager-factory.js`); }',
      filename,
      errors: [
        {
          messageId: 'legacyImport',
          data: { specifier: '../websocket-core/websocket-manager-factory.js', module: 'websocket-manager-factory', entry: 'websocket-manager-factory' },
          suggestions: [
            { messageId: 'retargetToCompat', output: 'async function lazy() { return import(`@unified-ws/legacy-compat/websocket-manager-factory`); }' },
          ],
        },
      ],
    },
    {
      code: 'const factory = require(`../websocket-core/websocket-manager-factory`);',
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    ...[
      'vi.doUnmock',
      'vi.importMock',
      'jest.requireMock',
      'jest.setMock',
      'jest.createMockFromModule',
      'jest.dontMock',
    ].map((call) => ({
      code: `${call}('../websocket-core/websocket-manager-factory');`,
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    })),
    {
      code: "type Manager = import('../websocket-core/websocket-manager-factory.js').IsolatedWebSocketManager;",
      filename,
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
    {
      code: "import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';",
      filename,
      errors: [{ messageId: 'compatImport' }],
    },
    {
      // The user's own legacy paths, as declared in unified-ws.config.json.
      code: "import { UnifiedWebSocketEmitter } from '@acme/realtime/unified-emitter';",
      filename,
      options: [{ modules: ['@acme/realtime/**'] }],
      errors: [{ messageId: 'legacyImport', suggestions: 1 }],
    },
  ],
});
