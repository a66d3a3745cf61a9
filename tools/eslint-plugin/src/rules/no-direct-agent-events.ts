import { loadRecipe, type Recipe } from '@unified-ws/codemods/recipe';
import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';

type Detection = NonNullable<Recipe['detection']>;

/**
 * The vocabulary is the codemods recipe's `detection` section, the one `unified-ws audit`
 * reads: the five event names, what an emitter method of one's own is called
 * (`emitAgentStarted`, `notifyToolCompleted`, …) and what a sending call is called (`emit`,
 * `send*`, `broadcast*`, …). Read once per process.
 */
let vocabulary: { detection: Detection; emitterMethod: RegExp; sendingCall: RegExp } | undefined;
function shippedVocabulary() {
  if (!vocabulary) {
    const detection = loadRecipe().detection;
    if (!detection) throw new Error('the @unified-ws/codemods recipe has no detection section');
    vocabulary = {
      detection,
      emitterMethod: new RegExp(detection.emitterMethod.pattern, detection.emitterMethod.flags),
      sendingCall: new RegExp(detection.sendingCall.pattern, detection.sendingCall.flags),
    };
  }
  return vocabulary;
}

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
    const { detection, emitterMethod, sendingCall } = shippedVocabulary();
    const events = new Set<string>([...detection.eventNames, ...(options.eventNames ?? [])]);
    const { runFactory, runType } = detection.canonicalApi;
    const typeKey = detection.messageTypeKey;
    const services = context.sourceCode.parserServices;
    const typed = services?.program != null && services.esTreeNodeToTSNodeMap != null;

    /** The canonical API itself (`run.emit('agent_started', …)`) is the one sanctioned sender. */
    function isCanonicalReceiver(receiver: TSESTree.Expression): boolean {
      if (
        receiver.type === AST_NODE_TYPES.CallExpression &&
        receiver.callee.type === AST_NODE_TYPES.MemberExpression &&
        !receiver.callee.computed &&
        receiver.callee.property.type === AST_NODE_TYPES.Identifier &&
        receiver.callee.property.name === runFactory
      ) {
        return true;
      }
      if (!typed) return false;
      const type = ESLintUtils.getParserServices(context).getTypeAtLocation(receiver);
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      return symbol?.getName() === runType;
    }

    function eventOf(node: TSESTree.Node | undefined): string | undefined {
      if (!node) return undefined;
      if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && events.has(node.value)) {
        return node.value;
      }
      if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
        const text = node.quasis[0]?.value.cooked;
        return text !== undefined && text !== null && events.has(text) ? text : undefined;
      }
      return undefined;
    }

    /** `{ type: 'tool_executing', … }`, also inside `JSON.stringify(…)`. */
    function messageEvent(node: TSESTree.Node): string | undefined {
      if (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        node.callee.object.type === AST_NODE_TYPES.Identifier &&
        node.callee.object.name === 'JSON'
      ) {
        const [first] = node.arguments;
        return first ? messageEvent(first) : undefined;
      }
      if (node.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      for (const property of node.properties) {
        if (
          property.type === AST_NODE_TYPES.Property &&
          !property.computed &&
          ((property.key.type === AST_NODE_TYPES.Identifier && property.key.name === typeKey) ||
            (property.key.type === AST_NODE_TYPES.Literal && property.key.value === typeKey))
        ) {
          return eventOf(property.value);
        }
      }
      return undefined;
    }

    function reportOwnEmitter(node: TSESTree.Node, key: TSESTree.Node, computed: boolean): void {
      if (computed || key.type !== AST_NODE_TYPES.Identifier || !emitterMethod.test(key.name)) return;
      context.report({ node, messageId: 'ownEmitter', data: { name: key.name } });
    }

    return {
      CallExpression(node) {
        if (node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.computed) return;
        const property = node.callee.property;
        if (property.type !== AST_NODE_TYPES.Identifier || !sendingCall.test(property.name)) return;
        for (const argument of node.arguments) {
          const direct = eventOf(argument);
          if (direct) {
            if (isCanonicalReceiver(node.callee.object)) return;
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
      MethodDefinition(node) {
        reportOwnEmitter(node, node.key, node.computed);
      },
      'ObjectExpression > Property'(node: TSESTree.Property) {
        if (node.value.type === AST_NODE_TYPES.FunctionExpression || node.value.type === AST_NODE_TYPES.ArrowFunctionExpression) {
          reportOwnEmitter(node, node.key, node.computed);
        }
      },
    };
  },
});

function camel(event: string): string {
  return event.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
