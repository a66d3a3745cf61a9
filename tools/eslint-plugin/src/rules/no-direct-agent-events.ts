import { loadRecipe, type Recipe } from '@unified-ws/codemods/recipe';
import { ASTUtils, AST_NODE_TYPES, ESLintUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';

type Detection = NonNullable<Recipe['detection']>;

/**
 * The vocabulary is the codemods recipe's `detection` section, the one `unified-ws audit`
 * reads: the five event names, what an emitter method of one's own is called
 * (`emitAgentStarted`, `notifyToolCompleted`, …) and what a sending call is called (`emit`,
 * `send*`, `broadcast*`, …). Read once per process.
 */
let vocabulary: { detection: Detection; canonicalPackage: string; emitterMethod: RegExp; sendingCall: RegExp } | undefined;
function shippedVocabulary() {
  if (!vocabulary) {
    const recipe = loadRecipe();
    const detection = recipe.detection;
    if (!detection) throw new Error('the @unified-ws/codemods recipe has no detection section');
    vocabulary = {
      detection,
      canonicalPackage: recipe.canonical.package,
      emitterMethod: new RegExp(detection.emitterMethod.pattern, detection.emitterMethod.flags),
      sendingCall: new RegExp(detection.sendingCall.pattern, detection.sendingCall.flags),
    };
  }
  return vocabulary;
}

/** How deep a name is followed to the value it was declared with: the audit's limit. */
const MAX_INDIRECTIONS = 4;

export interface Options {
  /** Extra event names that only the canonical emitter may send. */
  eventNames?: string[];
}

export const noDirectAgentEvents = createRule<[Options], 'directEmit' | 'handBuiltMessage' | 'ownEmitter'>({
  name: 'no-direct-agent-events',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Only @unified-ws/emitter may send the critical agent events; everything else goes through forRun(...)',
    },
    messages: {
      directEmit:
        "'{{event}}' is sent directly on a socket or manager. Send it through getDefaultEmitterServer().forRun({ userId, threadId, runId }) so it is validated, sequenced and delivered once.",
      handBuiltMessage:
        "A hand-built '{{event}}' message is sent here. Use the canonical emitter (run.{{method}}(...)) instead of building the wire shape yourself.",
      ownEmitter:
        "'{{name}}' implements its own agent-event emitter. Delegate to a RunEmitter from @unified-ws/emitter instead of keeping a duplicate emitter.",
    },
    schema: [
      {
        type: 'object',
        properties: { eventNames: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const { detection, canonicalPackage, emitterMethod, sendingCall } = shippedVocabulary();
    const events = new Set<string>([...detection.eventNames, ...(options.eventNames ?? [])]);
    const { runFactory, runType } = detection.canonicalApi;
    const typeKey = detection.messageTypeKey;
    const services = context.sourceCode.parserServices;
    const typed = services?.program != null && services.esTreeNodeToTSNodeMap != null;
    /** declarations being followed, so names initialised from each other do not loop */
    const visiting = new Set<TSESTree.Node>();

    /** The canonical API itself (`run.emit('agent_started', …)`) is the one sanctioned sender. */
    function isCanonicalReceiver(receiver: TSESTree.Expression): boolean {
      if (isRun(receiver)) return true;
      if (!typed) return false;
      const type = ESLintUtils.getParserServices(context).getTypeAtLocation(receiver);
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      return symbol?.getName() === runType;
    }

    /**
     * A run handle by syntax alone, as the audit recognises one: a `forRun(…)` call, or a name or
     * `this.member` declared with the canonical package's run type or initialised from a run
     * (`const run = getDefaultEmitterServer().forRun(…)`), so the untyped `recommended` config
     * accepts what the audit counts as canonical.
     */
    function isRun(expression: TSESTree.Node): boolean {
      const node = unwrapAwait(expression);
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(node.callee);
        return (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          !callee.computed &&
          callee.property.type === AST_NODE_TYPES.Identifier &&
          callee.property.name === runFactory
        );
      }
      const declaration = declarationOf(node);
      if (!declaration || visiting.has(declaration.node)) return false;
      visiting.add(declaration.node);
      try {
        if (declaration.type && namesRunType(declaration.type)) return true;
        return declaration.init !== undefined && isRun(declaration.init);
      } finally {
        visiting.delete(declaration.node);
      }
    }

    /** What a name was declared with; a parameter's default is left out, since the caller may pass anything. */
    function declarationOf(node: TSESTree.Node): { node: TSESTree.Node; type?: TSESTree.TypeNode; init?: TSESTree.Expression } | undefined {
      if (node.type === AST_NODE_TYPES.Identifier) {
        const definition = definitionOf(node);
        if (definition?.type === TSESLint.Scope.DefinitionType.Parameter) {
          // `({ run }: { run: RunEmitter })`: the type sits on the pattern, under the property's key.
          const property = definition.name.parent;
          const pattern = property?.parent;
          if (property?.type === AST_NODE_TYPES.Property && pattern?.type === AST_NODE_TYPES.ObjectPattern && !property.computed) {
            const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
            const type = key === undefined || !pattern.typeAnnotation ? undefined : memberType(pattern.typeAnnotation.typeAnnotation, key);
            return { node: definition.name, ...(type ? { type } : {}) };
          }
          return { node: definition.name, ...annotated(definition.name.typeAnnotation) };
        }
        if (definition?.node.type !== AST_NODE_TYPES.VariableDeclarator || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
        const declarator = definition.node;
        return { node: declarator, ...annotated(declarator.id.typeAnnotation), ...(declarator.init ? { init: declarator.init } : {}) };
      }
      // `ctx.run` of a name declared with a type literal (`ctx: { run: RunEmitter }`).
      if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.object.type === AST_NODE_TYPES.Identifier) {
        const owner = declarationOf(node.object);
        const type = owner?.type && node.property.type === AST_NODE_TYPES.Identifier ? memberType(owner.type, node.property.name) : undefined;
        return type ? { node, type } : undefined;
      }
      if (node.type !== AST_NODE_TYPES.MemberExpression || node.computed || node.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
      if (node.property.type !== AST_NODE_TYPES.Identifier && node.property.type !== AST_NODE_TYPES.PrivateIdentifier) return undefined;
      const member = thisMember(node, node.property.name, node.property.type === AST_NODE_TYPES.PrivateIdentifier);
      if (member?.type === AST_NODE_TYPES.PropertyDefinition) {
        return { node: member, ...annotated(member.typeAnnotation), ...(member.value ? { init: member.value } : {}) };
      }
      if (member?.type !== AST_NODE_TYPES.TSParameterProperty) return undefined;
      const parameter = member.parameter.type === AST_NODE_TYPES.AssignmentPattern ? member.parameter.left : member.parameter;
      return { node: member, ...annotated(parameter.typeAnnotation) };
    }

    function annotated(annotation: TSESTree.TSTypeAnnotation | undefined): { type?: TSESTree.TypeNode } {
      return annotation ? { type: annotation.typeAnnotation } : {};
    }

    /** `RunEmitter`, `emitter.RunEmitter` or a union with one, bound to the canonical package (not a look-alike type). */
    function namesRunType(type: TSESTree.TypeNode): boolean {
      if (type.type === AST_NODE_TYPES.TSUnionType) return type.types.some(namesRunType);
      if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
      const name = type.typeName;
      if (name.type === AST_NODE_TYPES.Identifier) return packageExport(name) === runType;
      return name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier && packageExport(name.left) === '*' && name.right.name === runType;
    }

    /** The export of the canonical package a name is imported as (`'*'` for a namespace import). */
    function packageExport(name: TSESTree.Identifier): string | undefined {
      const definition = definitionOf(name);
      if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return undefined;
      const specifier = definition.node;
      let exported: string | undefined;
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) exported = '*';
      else if (specifier.type === AST_NODE_TYPES.ImportSpecifier) exported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      const source = definition.parent.type === AST_NODE_TYPES.ImportDeclaration ? definition.parent.source.value : undefined;
      return source === canonicalPackage || source?.startsWith(`${canonicalPackage}/`) ? exported : undefined;
    }

    function definitionOf(name: TSESTree.Identifier) {
      return ASTUtils.findVariable(context.sourceCode.getScope(name), name)?.defs[0];
    }

    /** The value a `const` name in scope was declared with, so `const E = 'agent_started'; socket.emit(E)` counts as the audit counts it. */
    function constInitializer(node: TSESTree.Node): TSESTree.Expression | undefined {
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      const definition = definitionOf(node);
      if (definition?.node.type !== AST_NODE_TYPES.VariableDeclarator || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
      return definition.node.parent.kind === 'const' ? (definition.node.init ?? undefined) : undefined;
    }

    /** A critical event name: a string, or a `const` declared with one. */
    function eventOf(node: TSESTree.Node, depth = 0): string | undefined {
      const bare = unwrap(node);
      const text = stringText(bare);
      if (text !== undefined) return events.has(text) ? text : undefined;
      const initializer = depth < MAX_INDIRECTIONS ? constInitializer(bare) : undefined;
      return initializer && eventOf(initializer, depth + 1);
    }

    /** `{ type: 'tool_executing', … }`, also inside `JSON.stringify(…)` or through a `const`. */
    function messageEvent(node: TSESTree.Node, depth = 0): string | undefined {
      const bare = unwrap(node);
      if (bare.type === AST_NODE_TYPES.CallExpression && isJsonStringify(bare.callee)) {
        const [first] = bare.arguments;
        return first && messageEvent(first, depth);
      }
      if (bare.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of bare.properties) {
          // `{ type }` and `{ type() {} }` do not state a type value; the audit passes over them too.
          if (property.type !== AST_NODE_TYPES.Property || property.computed || property.shorthand || property.method) continue;
          const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : stringText(property.key);
          if (key === typeKey) return eventOf(property.value);
        }
        return undefined;
      }
      const initializer = depth < MAX_INDIRECTIONS ? constInitializer(bare) : undefined;
      return initializer && messageEvent(initializer, depth + 1);
    }

    /** Named as the audit names a member: `emitX`, `#emitX` and `'emitX'` alike. */
    function reportOwnEmitter(node: TSESTree.Node, key: TSESTree.Node, computed: boolean): void {
      if (computed) return;
      const name = key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier ? key.name : stringText(key);
      if (name === undefined || !emitterMethod.test(name)) return;
      context.report({ node, messageId: 'ownEmitter', data: { name } });
    }

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        const name = calledName(callee);
        if (name === undefined || !sendingCall.test(name)) return;
        for (const argument of node.arguments) {
          const direct = eventOf(argument);
          if (direct) {
            if (callee.type === AST_NODE_TYPES.MemberExpression && isCanonicalReceiver(callee.object)) return;
            context.report({ node, messageId: 'directEmit', data: { event: direct } });
            return;
          }
          const built = messageEvent(argument);
          if (built) {
            context.report({ node: argument, messageId: 'handBuiltMessage', data: { event: built, method: camel(built) } });
            return;
          }
        }
      },
      // Only members and functions with a body emit: overload signatures, `declare` and accessors do not.
      MethodDefinition(node) {
        if (node.kind === 'method' && node.value.body) reportOwnEmitter(node, node.key, node.computed);
      },
      PropertyDefinition(node) {
        if (node.value && isFunction(node.value)) reportOwnEmitter(node, node.key, node.computed);
      },
      'ObjectExpression > Property'(node: TSESTree.Property) {
        if (node.kind === 'init' && isFunction(node.value)) reportOwnEmitter(node, node.key, node.computed);
      },
      FunctionDeclaration(node) {
        if (node.id) reportOwnEmitter(node, node.id, false);
      },
    };
  },
});

/** `x as const`, `x satisfies T`, `x!` down to `x`, as the audit unwraps (ESTree keeps no parentheses). */
function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression
  ) {
    current = current.expression;
  }
  return current;
}

/** `await x`, `(await (x as T))`… down to `x`. */
function unwrapAwait(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

/** The type of property `name` in a type literal (`{ run: RunEmitter }`), if it is one. */
function memberType(type: TSESTree.TypeNode, name: string): TSESTree.TypeNode | undefined {
  if (type.type !== AST_NODE_TYPES.TSTypeLiteral) return undefined;
  for (const member of type.members) {
    if (member.type === AST_NODE_TYPES.TSPropertySignature && !member.computed && member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name) {
      return member.typeAnnotation?.typeAnnotation;
    }
  }
  return undefined;
}

/**
 * What `this.name` refers to in its class, as the audit resolves it: a member with that plain
 * name, else a constructor parameter property (`constructor(private readonly name: T)`).
 */
function thisMember(
  access: TSESTree.MemberExpression,
  name: string,
  isPrivate = false,
): TSESTree.ClassElement | TSESTree.TSParameterProperty | undefined {
  let node: TSESTree.Node | undefined = access;
  while (node && node.type !== AST_NODE_TYPES.ClassBody) node = node.parent;
  if (!node) return undefined;
  const members = node.body;
  // `this.#run` names a `#run` member, never a `run` one (ESTree drops the `#` from the name).
  const keyType = isPrivate ? AST_NODE_TYPES.PrivateIdentifier : AST_NODE_TYPES.Identifier;
  const member = members.find((candidate) => 'key' in candidate && !candidate.computed && candidate.key.type === keyType && candidate.key.name === name);
  if (member || isPrivate) return member;
  const constructor = members.find((candidate) => candidate.type === AST_NODE_TYPES.MethodDefinition && candidate.kind === 'constructor');
  if (constructor?.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
  return constructor.value.params.find(
    (parameter): parameter is TSESTree.TSParameterProperty =>
      parameter.type === AST_NODE_TYPES.TSParameterProperty &&
      (parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter).name === name,
  );
}

/** The text of a string literal or of a template without `${}`. */
function stringText(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The name a call is made by, as the audit reads it: `emit` of `socket.emit(…)` and of `this.#emit(…)`, `send` of `send(…)`. */
function calledName(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  return callee.property.type === AST_NODE_TYPES.Identifier || callee.property.type === AST_NODE_TYPES.PrivateIdentifier ? callee.property.name : undefined;
}

function isFunction(node: TSESTree.Node): boolean {
  const bare = unwrap(node);
  return bare.type === AST_NODE_TYPES.ArrowFunctionExpression || bare.type === AST_NODE_TYPES.FunctionExpression;
}

function isJsonStringify(callee: TSESTree.Node): boolean {
  const bare = unwrap(callee);
  return (
    bare.type === AST_NODE_TYPES.MemberExpression &&
    !bare.computed &&
    bare.object.type === AST_NODE_TYPES.Identifier &&
    bare.object.name === 'JSON' &&
    bare.property.type === AST_NODE_TYPES.Identifier &&
    bare.property.name === 'stringify'
  );
}

function camel(event: string): string {
  return event.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
