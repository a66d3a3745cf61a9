import { z } from 'zod';
import { CANONICAL_EVENT_TYPES } from './canonical-events.js';

export { CANONICAL_EVENT_TYPES } from './canonical-events.js';

/**
 * The recipe format. A recipe is data: which specifiers are legacy modules, where each goes in
 * compat mode, which symbols map onto which canonical ones, and how call sites become emitter
 * calls. The transforms interpret it; the JSON Schema shipped in `recipe/recipe.schema.json` is
 * generated from these zod schemas (`npm run schema -w @unified-ws/codemods`), so the two cannot
 * drift. Bump `RECIPE_FORMAT` on any incompatible change.
 */
export const RECIPE_FORMAT = 1 as const;

const identifier = z.string().regex(/^[A-Za-z_$][\w$]*$/, 'a JavaScript identifier');
const ruleId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a kebab-case id');

const eventType = z.enum(CANONICAL_EVENT_TYPES);

/**
 * Where a value comes from at a call site: `arg<N>` (the N-th argument), `receiver` (the user
 * context the receiver was created with), followed by `.property` steps. A step on an object
 * literal picks that property; on any other expression it becomes a property access.
 */
export const ValueRefSchema = z
  .string()
  .regex(/^(arg\d|receiver)(\.[A-Za-z_$][\w$]*)*$/, 'arg<N>[.prop…] or receiver[.prop…]')
  .describe('arg<N>[.prop…] or receiver[.prop…]');

const constant = z.union([z.string(), z.number(), z.boolean()]);
const refs = z.union([ValueRefSchema, z.array(ValueRefSchema).min(1)]);

/** One reference, alternatives tried in order, a constant, or a reference with the legacy default. */
export const ValueSourceSchema = z.union([
  refs,
  z.strictObject({ const: constant }),
  z
    .strictObject({ ref: refs, default: constant })
    .describe('the value, or the default where it is absent or may be undefined (`x ?? default`), as the legacy code did'),
]);

export const ModuleSchema = z.strictObject({
  id: ruleId.describe('stable id, also the default compat entry'),
  description: z.string(),
  match: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'specifier patterns (picomatch), tested against the specifier without its extension and, for relative specifiers, against the path it resolves to relative to the migration root',
    ),
  compatEntry: z.string().min(1).describe('subpath of the compat package that exports the same names'),
  exports: z.array(identifier).describe('names the module exports (the census and the audit read them)'),
});

export const SymbolMappingSchema = z.strictObject({
  name: identifier.describe('legacy export'),
  canonical: z.union([
    z.strictObject({ type: identifier }).describe('a type of the canonical package'),
    z.strictObject({ value: identifier }).describe('a value (and its type) of the canonical package'),
  ]),
});

const factory = {
  context: ValueSourceSchema.optional().describe('the user execution context the receiver is bound to'),
};
export const FactorySchema = z.union([
  z.strictObject({ function: identifier, ...factory }).describe('a call of an imported function'),
  z.strictObject({ new: identifier, ...factory }).describe('a construction of an imported class'),
  z.strictObject({ static: z.string().regex(/^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$/), ...factory }).describe('Class.method(…)'),
  z.strictObject({ method: identifier, on: ruleId, ...factory }).describe('a method of another receiver'),
]);

export const ReceiverSchema = z.strictObject({
  id: ruleId,
  description: z.string(),
  types: z.array(identifier).describe('legacy type names: a binding annotated with one of them is this receiver'),
  factories: z.array(FactorySchema),
});

const notifyUserAction = z.strictObject({
  kind: z.literal('notify-user'),
  userId: ValueSourceSchema,
  message: ValueRefSchema.describe("an object literal whose `type` is a string literal; the rest becomes the data"),
});

export const PayloadSpecSchema = z.strictObject({
  fields: z.record(z.string(), ValueSourceSchema).optional().describe('canonical field -> value'),
  from: ValueRefSchema.optional().describe('an object literal whose legacy fields are renamed by `legacyPayload`'),
});

const runEventAction = z.strictObject({
  kind: z.literal('run-event'),
  run: ValueSourceSchema.describe('the user execution context: {userId, threadId, runId}'),
  userId: ValueSourceSchema.optional().describe('overrides run.userId'),
  runId: ValueSourceSchema.optional().describe('overrides run.runId'),
  event: z.union([eventType, z.strictObject({ from: ValueRefSchema })]),
  payload: PayloadSpecSchema,
  otherTypes: z
    .enum(['notify-user', 'manual'])
    .default('manual')
    .describe('what an event type outside the five becomes (with `event.from`)'),
  ignore: z.array(ValueRefSchema).default([]).describe('arguments or options that are deliberately dropped'),
});

const manualAction = z.strictObject({
  kind: z.literal('manual'),
  reason: z.string().min(1),
});

export const CallSiteSchema = z.strictObject({
  id: ruleId,
  description: z.string(),
  on: z.union([
    z.strictObject({ receiver: ruleId, methods: z.array(identifier).min(1) }),
    z.strictObject({ function: identifier }),
  ]),
  action: z.discriminatedUnion('kind', [notifyUserAction, runEventAction, manualAction]),
});

export const CanonicalEventSchema = z.strictObject({
  method: identifier.describe('RunEmitter method'),
  fields: z.array(identifier).min(1).describe('payload fields the emitter accepts (it rejects any other)'),
  required: z.array(identifier),
  idempotencyKey: z
    .string()
    .optional()
    .describe('template: {field} is replaced by that payload value; repeats within a run are delivered once'),
});

/** A JavaScript regular expression, as its source and flags. */
export const PatternSchema = z
  .strictObject({
    pattern: z
      .string()
      .min(1)
      .refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, 'a valid JavaScript regular expression'),
    flags: z.string().regex(/^[imsu]*$/, 'flags among i, m, s, u').optional(),
  })
  .describe('a JavaScript regular expression: `new RegExp(pattern, flags)`');

/**
 * What `unified-ws audit` (and the ESLint rule `no-direct-agent-events`) recognise as agent-event
 * code: one vocabulary, read by both, so the audit and the lint rule cannot disagree on a name.
 */
export const DetectionSchema = z.strictObject({
  eventNames: z
    .array(z.string().min(1))
    .min(1)
    .describe('event names only the canonical emitter may send (at least the five of `canonical.events`)'),
  emitterMethod: PatternSchema.describe(
    'names of methods that implement an emitter of their own (emitAgentStarted, notifyToolCompleted, sendThinking, …), tested against the whole name',
  ),
  sendingCall: PatternSchema.describe('names of calls that put something on a wire (socket.emit, ws.send, manager.sendToUser, …)'),
  messageTypeKey: z.string().min(1).describe('the property of a hand-built message that names its event'),
  canonicalApi: z
    .strictObject({
      runFactory: identifier.describe('the server method that returns a run handle'),
      runType: identifier.describe('the type of a run handle'),
      runMethods: z.array(identifier).describe('run handle methods that send, besides the event methods of `canonical.events`'),
      serverType: identifier.describe('the type of the server'),
      serverMethods: z.array(identifier).describe('server methods that send a message outside a run'),
    })
    .describe('the calls of the canonical package that count as compliant agent-event call sites'),
  socketIo: z
    .strictObject({
      packages: z.array(z.string().min(1)).describe('a file importing one of these sends through socket.io when it calls `.emit`'),
      operators: z.array(identifier).describe('broadcast operators (`io.to(room).emit`): an emit through them is a socket.io send'),
    })
    .describe('how a send is told to go straight through socket.io'),
});

export const RecipeSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(RECIPE_FORMAT),
  id: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  description: z.string(),
  compat: z.strictObject({ package: z.string().min(1) }),
  canonical: z.strictObject({
    package: z.string().min(1),
    server: identifier.describe('the accessor migrated call sites reach the server through'),
    events: z.strictObject(Object.fromEntries(CANONICAL_EVENT_TYPES.map((type) => [type, CanonicalEventSchema])) as {
      [K in (typeof CANONICAL_EVENT_TYPES)[number]]: typeof CanonicalEventSchema;
    }),
    toolCallId: identifier.describe('payload field a missing toolCallId is derived from'),
    bootstrap: z.strictObject({
      create: identifier,
      register: identifier,
    }),
  }),
  legacyPayload: z.strictObject({
    rename: z.record(z.string(), identifier).describe('legacy field -> canonical field'),
    drop: z.array(z.string()).describe('fields the envelope already carries'),
    dropUnlessAllowed: z.array(z.string()).describe('fields implied by the event type unless the event takes them'),
    status: z.record(z.string(), z.enum(['succeeded', 'failed', 'cancelled', 'timed_out'])),
    defaultStatus: z.enum(['succeeded', 'failed', 'cancelled', 'timed_out']),
    statusWithError: z.enum(['succeeded', 'failed', 'cancelled', 'timed_out']),
  }),
  modules: z.array(ModuleSchema).min(1),
  symbols: z.array(SymbolMappingSchema),
  receivers: z.array(ReceiverSchema),
  callSites: z.array(CallSiteSchema),
  detection: DetectionSchema.optional().describe('the audit vocabulary; a recipe without it uses the one of the shipped recipe'),
});

export type Recipe = z.infer<typeof RecipeSchema>;
export type RecipeInput = z.input<typeof RecipeSchema>;
export type RecipeModule = z.infer<typeof ModuleSchema>;
export type Receiver = z.infer<typeof ReceiverSchema>;
export type Factory = z.infer<typeof FactorySchema>;
export type CallSiteRule = z.infer<typeof CallSiteSchema>;
export type CallSiteAction = CallSiteRule['action'];
export type RunEventAction = Extract<CallSiteAction, { kind: 'run-event' }>;
export type ValueSource = z.infer<typeof ValueSourceSchema>;
export type PayloadSpec = z.infer<typeof PayloadSpecSchema>;
export type { CanonicalEventType } from './canonical-events.js';
export type CanonicalEvent = z.infer<typeof CanonicalEventSchema>;
export type Detection = z.infer<typeof DetectionSchema>;
export type Pattern = z.infer<typeof PatternSchema>;

/** `unified-ws.config.json` at the migration root. */
export const UserConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  modules: z
    .array(
      z.union([
        z.string().min(1).describe('a pattern; the module is the recipe module whose id is the last path segment'),
        z.strictObject({ id: ruleId, match: z.array(z.string().min(1)).min(1) }),
      ]),
    )
    .default([])
    .describe('extra legacy specifier patterns'),
  bootstrap: z
    .strictObject({
      file: z.string().min(1).describe('the composition root, relative to the migration root'),
      io: identifier.describe('the variable holding the socket.io Server'),
      authenticate: identifier.describe('the handshake authenticator passed to createEmitterServer'),
      authenticateFrom: z.string().min(1).optional().describe('module to import `authenticate` from, when it is not in scope'),
    })
    .optional(),
});
export type UserConfig = z.infer<typeof UserConfigSchema>;
export type BootstrapConfig = NonNullable<UserConfig['bootstrap']>;
