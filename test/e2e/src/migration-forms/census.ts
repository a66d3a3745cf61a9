import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * A census of how a service's files use the deprecated factory, taken from their syntax trees
 * (never from regexes): which files import it, in which forms, which call-site patterns of
 * legacy-system.md §d they contain, and what a codemod must leave alone.
 */

/** Paths relative to the service root, with forward slashes. */
const FACTORY_MODULE = 'src/websocket-core/websocket-manager-factory.ts';
const BARREL_MODULE = 'src/websocket-core/index.ts';
const EXECUTOR_MODULE = 'src/agents/base/executor.ts';
const DATA_AGENT_MODULE = 'src/agents/data/unified-data-agent.ts';
const FACTORY_FILE_NAME = 'websocket-manager-factory';

/** The names of the deprecated factory (§a.1 in camelCase), the stale one included. */
const FACTORY_NAMES = [
  'createWebSocketManager',
  'createWebSocketManagerSync',
  'getWebSocketManagerFactory',
  'WebSocketManagerFactory',
  'createDefensiveUserExecutionContext',
  'createTestUserContext',
  'ConnectionLifecycleManager',
  'FactoryMetrics',
  'ManagerMetrics',
  'validateWebSocketComponentHealth',
  'validateSsotUserContext',
  'validateSsotUserContextStagingSafe',
  'FactoryInitializationError',
  'WebSocketComponentError',
  'factoryInstance',
  'factoryLock',
  'IsolatedWebSocketManager',
] as const;

/** What a string, a comment or a regex may contain that is a mention of the factory. */
const MENTION = new RegExp(`${FACTORY_FILE_NAME}|getWebSocketManagerFactory`);

export const IMPORT_FORMS = {
  'named-single-line': 'named import on one line',
  'named-multi-line': 'named import over several lines',
  aliased: 'a name imported under another name (`a as b`)',
  namespace: 'namespace import (`import * as m`)',
  'module-object-re-export': 'the namespace re-exported as a module object by the barrel',
  'module-object-via-barrel': 'the module object imported from the barrel `websocket-core/index`',
  'type-only': '`import type` or an inline `type` specifier',
  'stale-name': '`IsolatedWebSocketManager`, the name removed from the module',
  'top-level': 'static import at the top of the file',
  'dynamic-import': '`import()` of the module path',
  'function-scoped': '`import()` inside a function',
  'in-try': 'inside a `try` block',
  'in-catch': 'inside a `catch` block (a fallback import)',
  'availability-probe': 'imported only to see that it exists',
  're-export-named': '`export { … } from` the module',
  're-export-star': '`export * from` the module',
  'commonjs-require': '`require()` in a CommonJS `.js`/`.cjs` script',
  instanceof: '`instanceof` a class of the module',
  'vi-mock': '`vi.mock()` of the module path',
  'vi-mock-only': '`vi.mock()` of the module in a file that never imports it',
  'vi-spyon': '`vi.spyOn()` on a member of the module namespace',
  'dynamic-computed': '`import()` of a computed path (no literal to rewrite)',
} as const;
export type ImportForm = keyof typeof IMPORT_FORMS;

export const DO_NOT_TOUCH = {
  'look-alike-definition': 'defines a function or class with a name of the factory',
  'look-alike-import': 'imports a name of the factory from another module',
  'same-file-name': 'a file named like the factory module, elsewhere',
  'string-mention': 'mentions the factory in a string, a regex or a comment only',
} as const;
export type DoNotTouch = keyof typeof DO_NOT_TOUCH;

export const CALL_PATTERNS = {
  'per-call-send': '§d.1–2: a fresh manager per call, then `sendToUser(userId, message)`',
  'single-argument-send': '§d.3: `sendToUser(message)`, the user id missing',
  'send-to-thread': '§d.4: `sendToThread(threadId, …)` on a factory module importer',
  'cached-lazy-manager': '§d.5: a manager created on first use and kept on `this`',
  'missing-manager-method': '§d.6: a method the manager does not have (`broadcastToJob`)',
  'manager-as-bridge': '§d.7: a manager handed over as `websocketBridge`',
  'sync-factory': '§d.8: `createWebSocketManagerSync` inside the bridge',
  'defensive-context': '§d.9: `createDefensiveUserExecutionContext` on the auth path',
  'unawaited-wrapper': '§d.11: a wrapper returning the factory call without awaiting it',
  'look-alike-awaited': '§d.12: the package look-alike `createWebSocketManager` awaited',
  'bridge-emits': '§d.17: `bridge.notify*()`: the agent mixin and the bridge factory',
  'agent-emits': '§d.17: agents emitting through the base agent and its adapter (`this.emit*()`)',
  'emitter-emits': 'direct emitter users: `emitter.notify*()`',
  'executor-phase': '§d.18: `notifyPhaseStart/Complete/Error` of the executor',
  'data-agent-emits': '`emitWebSocketEvent(ctx, type, data)` of the data agent',
  'factory-object': '§d.13 (tests): the factory object and its stale methods',
  'per-user-manager': '§d.14 (tests): a manager per user, then `emitCriticalEvent`',
} as const;
export type CallPattern = keyof typeof CALL_PATTERNS;

export type Area = 'src' | 'test' | 'scripts';

export interface FileCensus {
  file: string;
  area: Area;
  importsFactory: boolean;
  forms: Set<ImportForm>;
  doNotTouch: Set<DoNotTouch>;
  patterns: Set<CallPattern>;
}

export interface Census {
  files: FileCensus[];
  importers: Record<Area, string[]>;
  forms: Map<ImportForm, string[]>;
  doNotTouch: Map<DoNotTouch, string[]>;
  patterns: Map<CallPattern, string[]>;
}

type Origin = 'factory' | 'barrel' | 'executor' | 'data-agent' | 'other';

interface Binding {
  origin: Origin;
  /** The exported name, or `*` for a namespace / module object. */
  name: string;
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.js', '.cjs', '.mjs']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'out-tsc', 'dist', 'coverage']);
const EMIT_METHODS = /^(emitAgentStarted|emitThinking|emitToolExecuting|emitToolCompleted|emitAgentCompleted)$/;
const NOTIFY_METHODS = /^notify(AgentStarted|AgentThinking|ToolExecuting|ToolCompleted|AgentCompleted)$/;

function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) walk(relative);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) files.push(relative);
    }
  };
  for (const top of ['src', 'test', 'scripts']) walk(top);
  return files.sort();
}

/** Where a relative specifier leads, as a root-relative path without extension. */
function target(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.(js|ts|cjs|mjs)$/, '');
}

function originOf(file: string, specifier: string): Origin {
  const resolved = target(file, specifier);
  const stripped = (module: string) => module.replace(/\.ts$/, '');
  if (resolved === stripped(FACTORY_MODULE)) return 'factory';
  if (resolved === stripped(BARREL_MODULE) || resolved === stripped(BARREL_MODULE).replace(/\/index$/, '')) return 'barrel';
  if (resolved === stripped(EXECUTOR_MODULE)) return 'executor';
  if (resolved === stripped(DATA_AGENT_MODULE)) return 'data-agent';
  return 'other';
}

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionLike(node) && !ts.isConstructorTypeNode(node) && !ts.isFunctionTypeNode(node);
}

/** The import position forms of a node: inside a function, a try block, a catch block. */
function positionForms(node: ts.Node): ImportForm[] {
  const forms: ImportForm[] = [];
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunctionLike(parent) && !forms.includes('function-scoped')) forms.push('function-scoped');
    if (ts.isTryStatement(parent) && parent.tryBlock === current && !forms.includes('in-try')) forms.push('in-try');
    if (ts.isCatchClause(parent) && !forms.includes('in-catch')) forms.push('in-catch');
  }
  return forms;
}

function stringArgument(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** The name bound by `const { a, b: c } = await import(…)` / `require(…)`, per local name. */
function destructuredNames(call: ts.CallExpression): Array<{ local: string; name: string }> {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node) return [];
  if (ts.isIdentifier(declaration.name)) return [{ local: declaration.name.text, name: '*' }];
  if (!ts.isObjectBindingPattern(declaration.name)) return [];
  return declaration.name.elements.flatMap((element) => {
    if (!ts.isIdentifier(element.name)) return [];
    const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
    return [{ local: element.name.text, name: imported }];
  });
}

/** The `x` of `x = await call()`, `this.x = await call()` or `const x = await call()`. */
function assignedTo(call: ts.CallExpression): { name: string; onThis: boolean } | undefined {
  let node: ts.Node = call;
  if (ts.isAwaitExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
    if (ts.isIdentifier(parent.left)) return { name: parent.left.text, onThis: false };
    if (ts.isPropertyAccessExpression(parent.left)) {
      return { name: parent.left.name.getText(), onThis: parent.left.expression.kind === ts.SyntaxKind.ThisKeyword };
    }
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return { name: parent.name.text, onThis: false };
  return undefined;
}

function isUndefined(node: ts.Expression): boolean {
  return ts.isIdentifier(node) && node.text === 'undefined';
}

class FileScanner {
  readonly census: FileCensus;
  readonly #bindings = new Map<string, Binding>();
  #hasNonLiteralImport = false;
  #hasMention = false;
  #mocksFactory = false;
  readonly #calls: Array<{ call: ts.CallExpression; binding?: Binding; method?: string; receiver?: string }> = [];

  constructor(
    readonly file: string,
    readonly source: ts.SourceFile,
  ) {
    const area = file.split('/')[0] as Area;
    this.census = { file, area, importsFactory: false, forms: new Set(), doNotTouch: new Set(), patterns: new Set() };
  }

  scan(): FileCensus {
    this.#visit(this.source);
    this.#scanComments();
    this.#classifyProbes();
    this.#classifyPatterns();
    const { census } = this;
    if (this.#hasNonLiteralImport && this.#hasMention) census.forms.add('dynamic-computed');
    if (this.#mocksFactory && !census.importsFactory) census.forms.add('vi-mock-only');
    if (this.#hasMention) census.doNotTouch.add('string-mention');
    if (path.posix.basename(this.file).startsWith(`${FACTORY_FILE_NAME}.`)) census.doNotTouch.add('same-file-name');
    return census;
  }

  #factoryImport(forms: ImportForm[]): void {
    this.census.importsFactory = true;
    for (const form of forms) this.census.forms.add(form);
  }

  #visit(node: ts.Node): void {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) this.#importDeclaration(node, node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node)) this.#exportDeclaration(node);
    else if (ts.isCallExpression(node)) this.#callExpression(node);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
      if (ts.isIdentifier(node.right) && this.#bindings.get(node.right.text)?.origin === 'factory') this.census.forms.add('instanceof');
    } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
      if ((FACTORY_NAMES as readonly string[]).includes(node.name.text)) this.census.doNotTouch.add('look-alike-definition');
    } else if (ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) {
      if (!this.#isModuleSpecifier(node) && MENTION.test(node.getText())) this.#hasMention = true;
    }
    ts.forEachChild(node, (child) => this.#visit(child));
  }

  #isModuleSpecifier(node: ts.Node): boolean {
    const parent = node.parent;
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return parent.moduleSpecifier === node;
    if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
      const callee = parent.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
      if (ts.isIdentifier(callee) && callee.text === 'require') return true;
      if (ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'vi' && callee.name.text === 'mock') return true;
    }
    if (ts.isImportTypeNode(parent.parent)) return true;
    return false;
  }

  #importDeclaration(node: ts.ImportDeclaration, specifier: string): void {
    const origin = originOf(this.file, specifier);
    const clause = node.importClause;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
    if (origin === 'factory') {
      const forms: ImportForm[] = ['top-level'];
      const { line: first } = this.source.getLineAndCharacterOfPosition(node.getStart());
      const { line: last } = this.source.getLineAndCharacterOfPosition(node.getEnd());
      if (named.length > 0) forms.push(first === last ? 'named-single-line' : 'named-multi-line');
      if (named.some((element) => element.propertyName)) forms.push('aliased');
      if (clause?.isTypeOnly || named.some((element) => element.isTypeOnly)) forms.push('type-only');
      if (named.some((element) => (element.propertyName ?? element.name).text === 'IsolatedWebSocketManager')) forms.push('stale-name');
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) {
        forms.push('namespace');
        this.#bindings.set(clause.namedBindings.name.text, { origin, name: '*' });
      }
      this.#factoryImport(forms);
    }
    for (const element of named) {
      const imported = (element.propertyName ?? element.name).text;
      if (origin === 'barrel' && imported === 'websocketManagerFactory') {
        this.#factoryImport(['module-object-via-barrel']);
        this.#bindings.set(element.name.text, { origin: 'factory', name: '*' });
        continue;
      }
      if (origin !== 'factory' && (FACTORY_NAMES as readonly string[]).includes(imported)) this.census.doNotTouch.add('look-alike-import');
      this.#bindings.set(element.name.text, { origin, name: imported });
    }
  }

  #exportDeclaration(node: ts.ExportDeclaration): void {
    if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (originOf(this.file, node.moduleSpecifier.text) !== 'factory') return;
      this.#factoryImport([node.exportClause ? 're-export-named' : 're-export-star']);
      return;
    }
    if (node.exportClause && ts.isNamedExports(node.exportClause)) {
      const exportsModuleObject = node.exportClause.elements.some((element) => {
        const binding = this.#bindings.get((element.propertyName ?? element.name).text);
        return binding?.origin === 'factory' && binding.name === '*';
      });
      if (exportsModuleObject) this.census.forms.add('module-object-re-export');
    }
  }

  #callExpression(call: ts.CallExpression): void {
    const callee = call.expression;
    const specifier = stringArgument(call);
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
      if (specifier === undefined) {
        this.#hasNonLiteralImport = true;
        return;
      }
      if (originOf(this.file, specifier) !== 'factory') return;
      const kind: ImportForm = callee.kind === ts.SyntaxKind.ImportKeyword ? 'dynamic-import' : 'commonjs-require';
      this.#factoryImport([kind, ...positionForms(call)]);
      let outer: ts.Node = call;
      while (ts.isAwaitExpression(outer.parent)) outer = outer.parent;
      if (ts.isExpressionStatement(outer.parent)) this.census.forms.add('availability-probe');
      for (const { local, name } of destructuredNames(call)) this.#bindings.set(local, { origin: 'factory', name });
      return;
    }
    if (ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'vi') {
      if (callee.name.text === 'mock' && specifier !== undefined && originOf(this.file, specifier) === 'factory') {
        this.#mocksFactory = true;
        this.census.forms.add('vi-mock');
      }
      const [spied] = call.arguments;
      if (callee.name.text === 'spyOn' && spied && ts.isIdentifier(spied) && this.#bindings.get(spied.text)?.origin === 'factory') {
        this.census.forms.add('vi-spyon');
      }
      return;
    }
    if (ts.isIdentifier(callee)) this.#calls.push({ call, binding: this.#bindings.get(callee.text) });
    else if (ts.isPropertyAccessExpression(callee)) {
      const receiver = callee.expression.getText();
      const namespace = ts.isIdentifier(callee.expression) ? this.#bindings.get(callee.expression.text) : undefined;
      const binding = namespace?.name === '*' ? { origin: namespace.origin, name: callee.name.text } : undefined;
      this.#calls.push({ call, binding, method: callee.name.text, receiver });
    }
  }

  /** Bindings of the factory used only in `=== undefined` / `!== undefined` comparisons. */
  #classifyProbes(): void {
    const uses = new Map<string, ts.Identifier[]>();
    const collect = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && this.#bindings.get(node.text)?.origin === 'factory' && !this.#isDeclaration(node)) {
        uses.set(node.text, [...(uses.get(node.text) ?? []), node]);
      }
      ts.forEachChild(node, collect);
    };
    collect(this.source);
    for (const identifiers of uses.values()) {
      const compared = identifiers.every((identifier) => {
        const parent = identifier.parent;
        if (!ts.isBinaryExpression(parent)) return false;
        const operator = parent.operatorToken.kind;
        const other = parent.left === identifier ? parent.right : parent.left;
        const equality = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsEqualsToken;
        return equality && isUndefined(other);
      });
      if (compared) this.census.forms.add('availability-probe');
    }
  }

  #isDeclaration(identifier: ts.Identifier): boolean {
    const parent = identifier.parent;
    return (
      ts.isImportSpecifier(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isBindingElement(parent) ||
      ts.isExportSpecifier(parent) ||
      (ts.isVariableDeclaration(parent) && parent.name === identifier)
    );
  }

  #scanComments(): void {
    const text = this.source.getFullText();
    const seen = new Set<number>();
    const visit = (node: ts.Node) => {
      for (const range of [...(ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []), ...(ts.getTrailingCommentRanges(text, node.getEnd()) ?? [])]) {
        if (seen.has(range.pos)) continue;
        seen.add(range.pos);
        if (MENTION.test(text.slice(range.pos, range.end))) this.#hasMention = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(this.source);
  }

  #classifyPatterns(): void {
    const { census } = this;
    const factoryCalls = (name: string) => this.#calls.filter(({ binding }) => binding?.origin === 'factory' && binding.name === name);
    const methodCalls = (method: RegExp | string) =>
      this.#calls.filter((entry) => entry.method !== undefined && (typeof method === 'string' ? entry.method === method : method.test(entry.method)));
    const awaited = (call: ts.CallExpression) => ts.isAwaitExpression(call.parent);
    const add = (pattern: CallPattern, when: boolean) => {
      if (when) census.patterns.add(pattern);
    };
    const creates = factoryCalls('createWebSocketManager');

    if (census.area === 'src') {
      add('per-call-send', creates.some(({ call }) => awaited(call)) && methodCalls('sendToUser').some(({ call }) => call.arguments.length === 2));
      add('single-argument-send', methodCalls('sendToUser').some(({ call }) => call.arguments.length === 1));
      add('send-to-thread', census.importsFactory && methodCalls('sendToThread').length > 0);
      add('cached-lazy-manager', creates.some(({ call }) => awaited(call) && assignedTo(call)?.onThis === true));
      add('missing-manager-method', methodCalls('broadcastToJob').length > 0);
      add('manager-as-bridge', creates.some(({ call }) => assignedTo(call)?.name === 'websocketBridge'));
      add('sync-factory', factoryCalls('createWebSocketManagerSync').length > 0);
      add('defensive-context', factoryCalls('createDefensiveUserExecutionContext').length > 0);
      add(
        'unawaited-wrapper',
        this.#calls.some(({ call, binding }) => binding?.origin === 'factory' && ts.isReturnStatement(call.parent)),
      );
      add(
        'look-alike-awaited',
        this.#calls.some(({ call, binding }) => binding?.origin === 'barrel' && binding.name === 'createWebSocketManager' && awaited(call)),
      );
      add('bridge-emits', methodCalls(NOTIFY_METHODS).some(({ receiver }) => receiver === 'bridge'));
      add(
        'agent-emits',
        this.file.startsWith('src/agents/') &&
          methodCalls(EMIT_METHODS).some(({ receiver }) => receiver === 'this' || receiver === 'this.websocketAdapter'),
      );
      add('emitter-emits', methodCalls(NOTIFY_METHODS).some(({ receiver }) => receiver === 'emitter' || receiver === 'this.emitter'));
      add('executor-phase', this.#calls.some(({ binding }) => binding?.origin === 'executor' && binding.name.startsWith('notifyPhase')));
      add(
        'data-agent-emits',
        this.#calls.some(({ call, binding }) =>
          (binding?.origin === 'data-agent' && binding.name === 'emitWebSocketEvent') ||
          (this.file === DATA_AGENT_MODULE && ts.isIdentifier(call.expression) && call.expression.text === 'emitWebSocketEvent'),
        ),
      );
    }
    if (census.area === 'test') {
      add('factory-object', factoryCalls('getWebSocketManagerFactory').length > 0 && methodCalls('createManager').length > 0);
      add('per-user-manager', creates.length > 0 && methodCalls('emitCriticalEvent').length > 0);
    }
  }
}

function group<K extends string>(files: readonly FileCensus[], keys: (file: FileCensus) => Iterable<K>): Map<K, string[]> {
  const groups = new Map<K, string[]>();
  for (const file of files) for (const key of keys(file)) groups.set(key, [...(groups.get(key) ?? []), file.file]);
  return groups;
}

/** Parses every source file of the service under `root` (src, test, scripts) and classifies it. */
export function takeCensus(root: string): Census {
  const files = listFiles(root)
    .filter((file) => file !== FACTORY_MODULE)
    .map((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
      return new FileScanner(file, source).scan();
    });
  const importers = { src: [] as string[], test: [] as string[], scripts: [] as string[] };
  for (const file of files) if (file.importsFactory) importers[file.area].push(file.file);
  return {
    files,
    importers,
    forms: group(files, (file) => file.forms),
    doNotTouch: group(files, (file) => file.doNotTouch),
    patterns: group(files, (file) => file.patterns),
  };
}
