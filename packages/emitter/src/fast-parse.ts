import type { z } from 'zod';

/** A fast parser's answer when it cannot vouch for an input: zod decides, and words the error. */
export const UNDECIDED: unique symbol = Symbol('undecided');
export type Undecided = typeof UNDECIDED;

type Fast = (value: unknown) => unknown;

/** The part of zod's schema definitions read here (zod 4's `schema._zod.def`). */
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  entries?: Record<string, unknown>;
}

interface CheckDef {
  check: string;
  /** whether zod runs the check on a value (length checks: when it has a length) */
  when?: (payload: { value: unknown; issues: unknown[] }) => boolean;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  tx?: (value: unknown) => unknown;
}

const undecided: Fast = () => UNDECIDED;
const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as Def;

/**
 * A parser derived from a zod schema's definition for the valid inputs of the common case,
 * without zod's per-call bookkeeping (a payload and an issue list per field). It returns what
 * `schema.parse` would return (same values, same key order), or `UNDECIDED` for anything it
 * is not sure of: an invalid input, a string a transform would change, a construct it does
 * not know (records, unions, refinements, defaults…). Callers then ask zod itself, so
 * validation and its errors stay zod's; this only skips zod's cost when the answer is yes.
 * Tested against zod on generated inputs (`test/fast-parse.test.ts`).
 */
export function fastParser<S extends z.core.$ZodType>(schema: S): (input: unknown) => z.output<S> | Undecided {
  return compile(schema) as (input: unknown) => z.output<S> | Undecided;
}

/** The definition keys each known type may have; any other (a format, a pattern, a coercion) is unknown here. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  string: ['checks'],
  number: ['checks'],
  enum: ['entries'],
  unknown: [],
  optional: ['innerType'],
  object: ['shape', 'catchall'],
};

function isKnown(schema: z.core.$ZodType, def: Def): boolean {
  const known = KNOWN_KEYS[def.type];
  // A schema-level check (a string format's) is validation this module does not read.
  if (!known || typeof (schema._zod as { check?: unknown }).check === 'function') return false;
  return Object.keys(def).every((key) => key === 'type' || key === 'error' || known.includes(key));
}

function compile(schema: z.core.$ZodType): Fast {
  const def = defOf(schema);
  if (!isKnown(schema, def)) return undecided;
  switch (def.type) {
    case 'string': {
      const passes = compileChecks(def.checks);
      return passes ? (value) => (typeof value === 'string' && passes(value) ? value : UNDECIDED) : undecided;
    }
    case 'number': {
      const passes = compileChecks(def.checks);
      return passes ? (value) => (typeof value === 'number' && Number.isFinite(value) && passes(value) ? value : UNDECIDED) : undecided;
    }
    case 'enum': {
      if (def.checks?.length || !def.entries) return undecided;
      const values = new Set(Object.values(def.entries));
      return (value) => (values.has(value) ? value : UNDECIDED);
    }
    case 'unknown':
      return def.checks?.length ? undecided : (value) => value;
    case 'optional': {
      const inner = def.innerType;
      if (!inner || inner._zod.optin === 'defaulted') return undecided;
      const parseInner = compile(inner);
      return (value) => (value === undefined ? undefined : parseInner(value));
    }
    case 'object':
      return compileStrictObject(def);
    default:
      return undecided;
  }
}

/** Only strict objects: a key the shape does not declare leaves the decision to zod. */
function compileStrictObject(def: Def): Fast {
  if (def.checks?.length || !def.shape || !def.catchall || defOf(def.catchall).type !== 'never') return undecided;
  const fields = Object.entries(def.shape).map(([key, schema]) => ({ key, parse: compile(schema), optional: defOf(schema).type === 'optional' }));
  if (fields.some((field) => field.parse === undecided || field.key === '__proto__')) return undecided;
  const names = fields.map((field) => JSON.stringify(field.key));
  const unknownKey = names.map((name) => `key !== ${name}`).join(' && ') || 'true';
  const steps = fields.map((field, index) => {
    const name = names[index] as string;
    // zod keeps a key given as undefined and leaves out one not given at all.
    const absent = field.optional ? `if (${name} in input) output[${name}] = undefined;` : 'return U;';
    return `
    value = input[${name}];
    if (value === undefined) { ${absent} }
    else if ((parsed = parse[${index}](value)) === U) return U;
    else output[${name}] = parsed;`;
  });
  const source = `return function strictObject(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return U;
    for (const key in input) if (${unknownKey}) return U;
    const output = {};
    let value, parsed;${steps.join('')}
    return output;
  };`;
  const make = generated(['U', 'parse'], source);
  return make ? (make(UNDECIDED, fields.map((field) => field.parse)) as Fast) : undecided;
}

/** The checks of a string or number schema as one predicate, or undefined if one is unknown here. */
function compileChecks(checks: Def['checks'] = []): ((value: string | number) => boolean) | undefined {
  const predicates: Array<(value: string | number) => boolean> = [];
  for (const { _zod } of checks) {
    const predicate = compileCheck(_zod.def);
    if (!predicate) return undefined;
    // Where zod would skip a check, this cannot know the value passes: the answer is no (zod
    // decides). One payload per check, reused: this runs for every field of every emit.
    const { when } = _zod.def;
    if (!when) {
      predicates.push(predicate);
      continue;
    }
    const probe = { value: undefined as unknown, issues: [] as unknown[] };
    predicates.push((value) => {
      probe.value = value;
      return when(probe) && predicate(value);
    });
  }
  const calls = predicates.map((_, index) => `check[${index}](value)`).join(' && ') || 'true';
  const make = generated(['check'], `return function checks(value) { return ${calls}; };`);
  return make?.(predicates) as ((value: string | number) => boolean) | undefined;
}

function compileCheck(check: CheckDef): ((value: string | number) => boolean) | undefined {
  const { minimum, maximum, value: bound, tx } = check;
  switch (check.check) {
    case 'min_length':
      return minimum === undefined ? undefined : (value) => (value as string).length >= minimum;
    case 'max_length':
      return maximum === undefined ? undefined : (value) => (value as string).length <= maximum;
    case 'greater_than':
      if (bound === undefined) return undefined;
      return check.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
    case 'less_than':
      if (bound === undefined) return undefined;
      return check.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
    case 'number_format':
      return check.format === 'safeint' ? (value) => Number.isSafeInteger(value) : undefined;
    case 'overwrite':
      // A transform (`.trim()`): vouched for only when it leaves the value as it is.
      return tx ? (value) => tx(value) === value : undefined;
    default:
      return undefined;
  }
}

/**
 * A function made from source: every property name and every call in it is a literal of its
 * own, which V8 compiles to a direct access and an inlinable call. The same code as closures
 * over a list (`input[key]`, `check(value)` in a loop) met every field and every check at one
 * site, which V8 can only run through its generic lookups: 181 ns per payload validated
 * against 38 generated (`toDraft` of an agent_thinking payload). The source holds no input,
 * only the field names of the schema, each written as a JSON string literal (a JS one too).
 *
 * Undefined where code generation is disallowed (`--disallow-code-generation-from-strings`):
 * then the parsers that need it answer UNDECIDED and zod, which checks the same, decides.
 */
function generated(parameters: string[], body: string): ((...values: unknown[]) => unknown) | undefined {
  try {
    return new Function(...parameters, body) as (...values: unknown[]) => unknown;
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}
