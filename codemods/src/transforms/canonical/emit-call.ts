import { property, propertyKey, propertyValue, rewriteObjectLiteral } from '../../ast/object-literal.js';
import { ts } from '../../ast/parse.js';
import { isPureReference, unwrapExpression } from '../../ast/text.js';
import type { CompiledRecipe } from '../../recipe/compiled-recipe.js';
import { CANONICAL_EVENT_TYPES, type CanonicalEventType } from '../../recipe/canonical-events.js';
import type { PayloadSpec, ValueSource } from '../../recipe/recipe-schema.js';
import { lookupValue, type RefScope, type Value } from './value-refs.js';

/** A site that cannot be migrated safely, with the reason the marker gives. */
export class ManualSite extends Error {}

export function isCanonicalEvent(type: string): type is CanonicalEventType {
  return (CANONICAL_EVENT_TYPES as readonly string[]).includes(type);
}

/** Looks a value up and insists it is there. */
export function requireValue(source: ValueSource, scope: RefScope, quote: string, what: string): Value {
  const found = lookupValue(source, scope, quote);
  if ('found' in found) return found.found;
  throw new ManualSite('unknown' in found ? found.unknown : `${what} is not given at this call`);
}

/** `{ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }`, with overrides. */
export function runIdentity(context: Value, overrides: { userId?: Value; runId?: Value }, scope: RefScope): string {
  const part = (field: RunField) => overrides[field as 'userId' | 'runId']?.text ?? contextField(context, field, scope);
  return `{ ${property('userId', part('userId'))}, ${property('threadId', part('threadId'))}, ${property('runId', part('runId'))} }`;
}

type RunField = 'userId' | 'threadId' | 'runId';

/** One field of a user execution context: picked from a literal, or read from a name. */
export function contextField(context: Value, field: RunField, scope: RefScope): string {
  const node = context.node && unwrapExpression(context.node);
  if (node && ts.isObjectLiteralExpression(node)) {
    const property = node.properties.find((candidate) => propertyKey(candidate) === field);
    const value = property && propertyValue(property);
    if (!value) throw new ManualSite(`the user context literal has no ${field}`);
    return scope.textOf(value);
  }
  if (!context.pure) throw new ManualSite('the user context is computed here; bind it to a variable so the run identity can be read from it');
  const simple = !node || ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || node.kind === ts.SyntaxKind.ThisKeyword;
  return `${simple ? context.text : `(${context.text})`}.${field}`;
}

export interface Payload {
  text: string;
  values: Map<string, Value>;
}

/**
 * Builds the canonical payload: legacy field names renamed, envelope fields dropped, the
 * derived `toolCallId` and `status` added; anything the emitter would reject becomes a
 * ManualSite instead of code that throws at run time.
 */
export function buildPayload(spec: PayloadSpec, type: CanonicalEventType, scope: RefScope, recipe: CompiledRecipe, quote: string): Payload {
  const event = recipe.recipe.canonical.events[type];
  const legacy = recipe.recipe.legacyPayload;
  const allowed = new Set(event.fields);
  const values = new Map<string, Value>();
  const rename = new Map<ts.ObjectLiteralElementLike, string>();
  const revalue = new Map<ts.ObjectLiteralElementLike, string>();
  const remove = new Set<ts.ObjectLiteralElementLike>();
  const owner = new Map<string, ts.ObjectLiteralElementLike>();
  const append: Array<[string, string]> = [];
  let object: ts.ObjectLiteralExpression | undefined;

  if (spec.from) {
    const found = lookupValue(spec.from, scope, quote);
    if ('unknown' in found) throw new ManualSite(`the payload: ${found.unknown}`);
    if ('found' in found) {
      const bare = found.found.node && unwrapExpression(found.found.node);
      if (!bare || !ts.isObjectLiteralExpression(bare)) {
        throw new ManualSite('the payload is not an object literal, so its fields cannot be mapped and checked');
      }
      object = bare;
      const unmapped: string[] = [];
      for (const property of bare.properties) {
        const key = propertyKey(property);
        const value = propertyValue(property);
        if (key === undefined || !value) throw new ManualSite('the payload has a spread, computed or method property');
        if (legacy.drop.includes(key)) {
          remove.add(property);
          continue;
        }
        const canonical = legacy.rename[key] ?? key;
        if (!allowed.has(canonical)) {
          if (legacy.dropUnlessAllowed.includes(key)) remove.add(property);
          else unmapped.push(key);
          continue;
        }
        if (values.has(canonical)) throw new ManualSite(`two payload fields map to ${canonical}`);
        if (canonical !== key) rename.set(property, canonical);
        if (canonical === 'status') revalue.set(property, mapStatus(value, recipe, quote));
        values.set(canonical, { text: scope.textOf(value), node: value, pure: isPureReference(unwrapExpression(value)) });
        owner.set(canonical, property);
      }
      if (unmapped.length > 0) {
        throw new ManualSite(`payload field${unmapped.length > 1 ? 's' : ''} ${unmapped.join(', ')} ha${unmapped.length > 1 ? 've' : 's'} no place in ${type} (${event.fields.join(', ')})`);
      }
    }
  }

  for (const [field, source] of Object.entries(spec.fields ?? {})) {
    if (!allowed.has(field)) throw new ManualSite(`the recipe maps ${field}, which ${type} does not take`);
    const found = lookupValue(source, scope, quote);
    if ('absent' in found) continue;
    if ('unknown' in found) throw new ManualSite(`${field}: ${found.unknown}`);
    const previous = owner.get(field);
    if (previous) remove.add(previous);
    values.set(field, found.found);
    append.push([field, found.found.text]);
  }

  const toolCallId = 'toolCallId';
  if (allowed.has(toolCallId) && !values.has(toolCallId)) {
    const source = values.get(recipe.recipe.canonical.toolCallId);
    if (source) {
      if (!source.pure) throw new ManualSite(`the ${recipe.recipe.canonical.toolCallId} is computed here, and the derived toolCallId needs it twice`);
      values.set(toolCallId, source);
      append.push([toolCallId, source.text]);
    }
  }
  if (type === 'agent_completed' && !values.has('status')) {
    const status = values.has('error') ? legacy.statusWithError : legacy.defaultStatus;
    const value = { text: `${quote}${status}${quote}`, pure: true };
    values.set('status', value);
    append.push(['status', value.text]);
  }
  const missing = event.required.filter((field) => !values.has(field));
  if (missing.length > 0) throw new ManualSite(`${type} needs ${missing.join(', ')}, which this call does not carry`);

  const text = object
    ? (rewriteObjectLiteral(object, scope.sourceFile, { rename, revalue, remove, append, substitutions: scope.substitutionsIn(object) }) ?? '{}')
    : `{ ${append.map(([key, value]) => property(key, value)).join(', ')} }`;
  return { text, values };
}

function mapStatus(value: ts.Expression, recipe: CompiledRecipe, quote: string): string {
  const bare = unwrapExpression(value);
  if (!ts.isStringLiteralLike(bare)) throw new ManualSite('the completion status is not a string literal');
  const status = recipe.recipe.legacyPayload.status[bare.text];
  if (!status) throw new ManualSite(`the completion status '${bare.text}' has no canonical equivalent`);
  return `${quote}${status}${quote}`;
}

/** `'agent_started'` or `` `tool_executing:${name}` `` from a `{field}` template. */
export function idempotencyKey(template: string | undefined, values: ReadonlyMap<string, Value>, quote: string): string | undefined {
  if (template === undefined) return undefined;
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let rest = template;
  for (let match = /\{(\w+)\}/.exec(rest); match; match = /\{(\w+)\}/.exec(rest)) {
    if (match.index > 0) parts.push({ literal: rest.slice(0, match.index) });
    const [placeholder, field = ''] = match;
    const value = values.get(field);
    if (!value) throw new ManualSite(`the idempotency key needs ${field}`);
    const bare = value.node && unwrapExpression(value.node);
    if (bare && ts.isStringLiteralLike(bare)) parts.push({ literal: bare.text });
    else if (value.pure) parts.push({ expression: value.text });
    else throw new ManualSite(`${field} is computed here, and the idempotency key needs it again`);
    rest = rest.slice(match.index + placeholder.length);
  }
  if (rest) parts.push({ literal: rest });
  if (parts.every((part) => 'literal' in part)) {
    const literal = parts.map((part) => (part as { literal: string }).literal).join('');
    return `${quote}${literal.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`)}${quote}`;
  }
  const body = parts
    .map((part) => ('literal' in part ? part.literal.replace(/[`\\]|\$\{/g, (m) => `\\${m}`) : `\${${part.expression}}`))
    .join('');
  return `\`${body}\``;
}
