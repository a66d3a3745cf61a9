import { ts } from '../ast/parse.js';
import type { Scopes } from '../ast/scopes.js';
import { unwrapExpression } from '../ast/text.js';
import type { DetectionRules } from './detection.js';

/** A call that sends a critical event itself instead of going through the canonical emitter. */
export interface DuplicateSend {
  /** `direct-send`: the event name is an argument (`socket.emit('agent_started', …)`); `hand-built-message`: a message object typed with it */
  kind: 'direct-send' | 'hand-built-message';
  event: string;
  /** the send goes straight through socket.io (`socket.emit`, `io.to(room).emit`, in a file importing socket.io) */
  socketIo: boolean;
}

/** A function-valued member whose name says it emits an agent event (`emitAgentStarted`, `notifyToolCompleted`). */
export interface OwnEmitterMethod {
  name: string;
  /** the class or object it belongs to, when it has a name */
  owner?: string;
  /** the name node, for the line */
  nameNode: ts.Node;
}

/** How deep a name is followed to the literal it was declared with. */
const MAX_INDIRECTIONS = 4;

/**
 * Finds duplicate emitters by their syntax: sending calls (by the recipe's sending-call pattern)
 * that name a critical event or pass a message whose type is one, and emitter methods of their
 * own. Values are followed through `const` names declared in the file, so
 * `const EVENT = 'agent_started'; socket.emit(EVENT)` counts and a mention in a string, a
 * comment, a log message or an unrelated object does not.
 */
export class DuplicateEmitters {
  constructor(
    private readonly scopes: Scopes,
    private readonly rules: DetectionRules,
    /** the file imports a socket.io package */
    private readonly importsSocketIo: boolean,
  ) {}

  sendOf(call: ts.CallExpression): DuplicateSend | undefined {
    const callee = unwrapExpression(call.expression);
    const name = calledName(callee);
    if (name === undefined || !this.rules.sendingCall.test(name)) return undefined;
    for (const argument of call.arguments) {
      const direct = this.eventOf(argument);
      const built = direct === undefined ? this.messageEventOf(argument) : undefined;
      const event = direct ?? built;
      if (event === undefined) continue;
      return { kind: direct !== undefined ? 'direct-send' : 'hand-built-message', event, socketIo: this.#throughSocketIo(callee, name) };
    }
    return undefined;
  }

  /** A critical event name: a string literal, or a `const` declared with one. */
  eventOf(node: ts.Expression, depth = 0): string | undefined {
    const bare = unwrapExpression(node);
    if (ts.isStringLiteralLike(bare)) return this.rules.eventNames.has(bare.text) ? bare.text : undefined;
    const initializer = depth < MAX_INDIRECTIONS ? this.#constInitializer(bare) : undefined;
    return initializer && this.eventOf(initializer, depth + 1);
  }

  /** `{ type: 'tool_executing', … }`, also inside `JSON.stringify(…)` or through a `const`. */
  messageEventOf(node: ts.Expression, depth = 0): string | undefined {
    const bare = unwrapExpression(node);
    if (ts.isCallExpression(bare) && isJsonStringify(bare.expression)) {
      const [first] = bare.arguments;
      return first && this.messageEventOf(first, depth);
    }
    if (ts.isObjectLiteralExpression(bare)) {
      for (const property of bare.properties) {
        if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) continue;
        const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
        if (key === this.rules.messageTypeKey) return this.eventOf(property.initializer);
      }
      return undefined;
    }
    const initializer = depth < MAX_INDIRECTIONS ? this.#constInitializer(bare) : undefined;
    return initializer && this.messageEventOf(initializer, depth + 1);
  }

  /** A member or function with an emitter method's name and a body (declarations and interfaces only describe). */
  ownMethodOf(node: ts.Node): OwnEmitterMethod | undefined {
    let nameNode: ts.Node | undefined;
    if ((ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) && node.body) nameNode = node.name;
    else if ((ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer && isFunction(node.initializer)) nameNode = node.name;
    if (!nameNode || !(ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) || ts.isStringLiteral(nameNode))) return undefined;
    const name = nameNode.text.replace(/^#/, '');
    if (!this.rules.emitterMethod.test(name)) return undefined;
    const owner = ts.isFunctionDeclaration(node) ? undefined : ownerName(node.parent);
    return { name, nameNode, ...(owner ? { owner } : {}) };
  }

  #constInitializer(node: ts.Expression): ts.Expression | undefined {
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = this.scopes.resolve(node)?.declaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    const isConst = (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return isConst ? declaration.initializer : undefined;
  }

  /** socket.io sends with `emit` or `send`; a broadcast operator in the chain says it is socket.io whatever the file imports. */
  #throughSocketIo(callee: ts.Expression, name: string): boolean {
    if (name !== 'emit' && name !== 'send') return false;
    if (this.importsSocketIo) return true;
    const operators = this.rules.socketIo.operators;
    for (let node = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : undefined; node; ) {
      if (ts.isPropertyAccessExpression(node)) {
        if (operators.has(node.name.text)) return true;
        node = unwrapExpression(node.expression);
      } else if (ts.isCallExpression(node)) {
        node = unwrapExpression(node.expression);
      } else {
        node = undefined;
      }
    }
    return false;
  }
}

/** The name a call is made by: `emit` of `socket.emit(…)`, `send` of `this.#send(…)`, `notify` of `notify(…)`. */
function calledName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text.replace(/^#/, '');
  return undefined;
}

function isJsonStringify(callee: ts.Expression): boolean {
  const bare = unwrapExpression(callee);
  return ts.isPropertyAccessExpression(bare) && ts.isIdentifier(bare.expression) && bare.expression.text === 'JSON' && bare.name.text === 'stringify';
}

function isFunction(node: ts.Expression): boolean {
  const bare = unwrapExpression(node);
  return ts.isArrowFunction(bare) || ts.isFunctionExpression(bare);
}

/** `class X`, `const x = class`, `const x = { … }`, `{ x: { … } }`. */
function ownerName(container: ts.Node): string | undefined {
  if (ts.isClassLike(container) && container.name) return container.name.text;
  const holder = container.parent;
  if (holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && holder.initializer === container) {
    return ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name) ? holder.name.text : undefined;
  }
  return undefined;
}
