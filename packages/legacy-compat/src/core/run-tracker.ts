import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { LifecycleError, type AgentEvent, type BatchItem, type EmitterServer, type RunRef } from '@unified-ws/emitter';
import { BoundedMap } from './bounded-map.js';
import { runStateLimit } from './config.js';
import { LegacyDeliveryError } from './errors.js';
import type { LegacyEvent } from './payload-mapping.js';
import { emitterServer } from './server.js';

/**
 * The legacy path a call came through. Two paths announcing the same thing for a run are
 * one logical event and deliver once; one path announcing it twice means it twice.
 */
export type LegacySource =
  | 'manager'
  | 'emitter'
  | 'bridge'
  | 'notifier'
  | 'agent-adapter'
  | 'standard-bridge'
  | 'data-agent'
  | 'executor';

const DEFAULT_AGENT_NAME = 'agent';
const START_KEY = 'legacy:agent_started';
const END_KEY = 'legacy:agent_completed';
/** Per run: tool calls, completions and ordinals remembered (the emitter keeps 1000 idempotency keys per run too). */
const PER_RUN_LIMIT = 1000;

/**
 * What the shim knows of one run, beyond what the emitter enforces: legacy code has no tool
 * call ids, so calls are paired by tool name here, and every event gets an idempotency key
 * derived from the logical event:
 *
 * - `legacy:agent_started`, `legacy:agent_completed`: once per run, whoever says it;
 * - `legacy:agent_thinking:<digest of the text>:<n>`: the n-th time this path says this text;
 * - `legacy:tool_executing:<tool>:<n>`, `legacy:tool_completed:<tool>:<n>`: the n-th call
 *   of that tool this path announces or completes.
 *
 * A key the run has seen returns the original event and sends nothing, so the bridge and
 * the notifier both announcing a start (or the 2nd `search` call) deliver it once.
 */
class RunState {
  started = false;
  completed = false;
  agentName: string | undefined;
  /** toolCallId -> call, in start order */
  readonly calls = new BoundedMap<string, { toolName: string; open: boolean }>(() => PER_RUN_LIMIT);
  /** `<tool>\0<n>` -> the toolCallId the n-th completion of that tool completed */
  readonly completions = new BoundedMap<string, string>(() => PER_RUN_LIMIT);
  /** `<source>\0<type>\0<identity>` -> how many such events that path has announced */
  readonly ordinals = new BoundedMap<string, number>(() => PER_RUN_LIMIT);

  oldestOpen(toolName: string): string | undefined {
    for (const [toolCallId, call] of this.calls.entries()) {
      if (call.open && call.toolName === toolName) return toolCallId;
    }
    return undefined;
  }

  openCalls(): Array<[string, string]> {
    return [...this.calls.entries()].filter(([, call]) => call.open).map(([id, call]) => [id, call.toolName]);
  }

  /** Idempotent: an event returned as a duplicate changes nothing it had not changed already. */
  observe(event: AgentEvent): void {
    switch (event.type) {
      case 'agent_started':
        this.started = true;
        this.agentName = event.payload.agentName;
        return;
      case 'tool_executing':
        if (!this.calls.get(event.payload.toolCallId)) {
          this.calls.set(event.payload.toolCallId, { toolName: event.payload.toolName, open: true });
        }
        return;
      case 'tool_completed': {
        const call = this.calls.get(event.payload.toolCallId);
        if (call) call.open = false;
        return;
      }
      case 'agent_completed':
        this.completed = true;
        return;
      case 'agent_thinking':
        return;
    }
  }
}

const states = new WeakMap<EmitterServer, BoundedMap<string, RunState>>();

/**
 * A legacy call's place in its run's order. Calls look their run up for different times (a
 * registry hit, a `resolveRunContext` query), so the order they reach the emitter in is not
 * the order they were made in; a call takes its place when it is made, before any await,
 * keyed by the run id it names, and delivers only once every earlier call on that run has
 * delivered or given up. One legacy call at a time per run, in call order, so the pairing
 * state matches the emitter's and a start is never overtaken by the start the shim would
 * make up for a later event.
 */
export interface RunTurn {
  readonly runId: string;
}

class Turn implements RunTurn {
  /** settles once every earlier call on the run and this one are done */
  readonly done: Promise<void>;
  #release!: () => void;
  #used = false;
  #released = false;

  constructor(
    readonly runId: string,
    readonly ready: Promise<void>,
  ) {
    const released = new Promise<void>((resolve) => (this.#release = resolve));
    // Not `released` alone: a call that gives up early must not let later calls pass earlier ones.
    this.done = ready.then(() => released);
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#used) throw new Error(`legacy-compat: one call delivered twice on its place in run ${this.runId} (a shim bug)`);
    this.#used = true;
    try {
      await this.ready;
      return await operation();
    } finally {
      this.release();
    }
  }

  release(): void {
    this.#released = true;
    this.#release();
  }

  get released(): boolean {
    return this.#released;
  }
}

/** The last place taken in each run with a call in flight; a run leaves it when its calls are done, so it never outgrows them. */
const lanes = new Map<string, Turn>();
const NOBODY_BEFORE = Promise.resolve();

/** The place the legacy call running in this async context holds. */
const holding = new AsyncLocalStorage<Turn>();
/** Set while a lookup hook runs for the call holding this place. */
const lookingUp = new AsyncLocalStorage<Turn>();

/**
 * Runs a lookup hook (`resolveRunContext`, `resolveThreadOwner`) of the current legacy call.
 * A legacy call the hook makes on that call's own run would wait behind it, and the call
 * waits for the hook: such a call fails at once instead of hanging the run.
 */
export function lookUp<T>(hook: () => T): T {
  const turn = holding.getStore();
  return turn ? lookingUp.run(turn, hook) : hook();
}

function takeTurn(runId: string): Turn {
  const asking = lookingUp.getStore();
  if (asking && asking.runId === runId && !asking.released) {
    throw new LegacyDeliveryError(
      'hook_reentry',
      `a resolveRunContext or resolveThreadOwner hook made a legacy call on run ${runId}, the run it was asked about: ` +
        'that call would wait for the hook, and the hook for it. A hook must only look the run up.',
    );
  }
  const turn = new Turn(runId, lanes.get(runId)?.done ?? NOBODY_BEFORE);
  lanes.set(runId, turn);
  void turn.done.then(() => {
    if (lanes.get(runId) === turn) lanes.delete(runId);
  });
  return turn;
}

/**
 * Runs `operation` on the call's place in the order of run `runId`, taken now: call it
 * before the call's first await. `operation` hands the turn to `emitRunEvent`; the place is
 * given up when `operation` settles, whether it delivered or not. No run id, no place
 * (such a call cannot reach a run).
 */
export async function inRunOrder<T>(runId: string | undefined, operation: (turn: RunTurn | undefined) => Promise<T>): Promise<T> {
  const turn = runId ? takeTurn(runId) : undefined;
  try {
    return await (turn ? holding.run(turn, () => operation(turn)) : operation(undefined));
  } finally {
    turn?.release();
  }
}

/** @internal runs with a legacy call in flight (tests check that none is left behind) */
export function runsInFlight(): number {
  return lanes.size;
}

/**
 * Delivers one legacy event on the run through the default EmitterServer, repairing the
 * lifecycle mismatches legacy code is full of, all in one atomic batch (one frame):
 * an event before `agent_started` starts the run first; a completion never announced is
 * announced first; `agent_completed` first completes the tool calls left open.
 * Resolves with the envelopes (originals for duplicates); rejects with the emitter's error.
 *
 * `turn` is the call's place in the run's order (`inRunOrder`); without one the call takes
 * its place now, which is call order only for a caller that has not awaited anything yet.
 */
export function emitRunEvent(ref: RunRef, source: LegacySource, event: LegacyEvent, turn?: RunTurn): Promise<AgentEvent[]> {
  if (turn && turn.runId !== ref.runId) {
    // Delivering anyway would order this call against the wrong run's calls: refuse loudly.
    return Promise.reject(
      new Error(`legacy-compat: a call placed in run ${turn.runId} resolved to run ${ref.runId} (a shim bug)`),
    );
  }
  let place: Turn;
  try {
    place = turn instanceof Turn ? turn : takeTurn(ref.runId);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return place.run(() => emitNow(ref, source, event));
}

async function emitNow(ref: RunRef, source: LegacySource, event: LegacyEvent): Promise<AgentEvent[]> {
  const server = emitterServer();
  const run = server.forRun(ref);
  let runs = states.get(server);
  if (!runs) {
    runs = new BoundedMap(runStateLimit);
    states.set(server, runs);
  }
  const state = runs.get(ref.runId) ?? new RunState();
  runs.set(ref.runId, state); // most recently used runs are the last forgotten
  const plan = planBatch(state, source, event);
  let events: AgentEvent[];
  try {
    events = await run.emitBatch(plan.items);
  } catch (error) {
    if (!(plan.startsRun && error instanceof LifecycleError && error.rule === 'already_started')) throw error;
    // Started outside the shim (canonical code, another node): never start it twice.
    state.started = true;
    events = await run.emitBatch(plan.items.slice(1));
  }
  plan.commit(events);
  if (state.completed && runs.get(ref.runId) === state) runs.delete(ref.runId);
  return events;
}

function planBatch(state: RunState, source: LegacySource, event: LegacyEvent) {
  const agentName = event.agentName ?? state.agentName ?? DEFAULT_AGENT_NAME;
  const items: BatchItem[] = [];
  const ordinals = new Map<string, number>();
  const next = (type: string, identity: string): number => {
    const key = `${source}\u0000${type}\u0000${identity}`;
    const n = (ordinals.get(key) ?? state.ordinals.get(key) ?? 0) + 1;
    ordinals.set(key, n);
    return n;
  };
  const startsRun = !state.started && event.type !== 'agent_started';
  if (startsRun) items.push({ type: 'agent_started', payload: { agentName }, idempotencyKey: START_KEY });
  let completionKey: string | undefined;

  switch (event.type) {
    case 'agent_started':
      items.push({
        type: 'agent_started',
        payload: compact({ agentName, message: event.message, context: event.context }),
        idempotencyKey: START_KEY,
      });
      break;
    case 'agent_thinking': {
      const text = digest(event.reasoning);
      items.push({
        type: 'agent_thinking',
        payload: compact({ agentName, reasoning: event.reasoning, stepNumber: event.stepNumber, progress: event.progress }),
        idempotencyKey: `legacy:agent_thinking:${text}:${next('agent_thinking', text)}`,
      });
      break;
    }
    case 'tool_executing':
      items.push({
        type: 'tool_executing',
        payload: compact({ agentName, toolName: event.toolName, toolCallId: event.toolCallId, parameters: event.parameters }),
        idempotencyKey: `legacy:tool_executing:${event.toolName}:${next('tool_executing', event.toolName)}`,
      });
      break;
    case 'tool_completed': {
      const { toolName } = event;
      const n = next('tool_completed', toolName);
      completionKey = `${toolName}\u0000${n}`;
      let toolCallId = event.toolCallId ?? state.completions.get(completionKey) ?? state.oldestOpen(toolName);
      if (toolCallId === undefined || (event.toolCallId !== undefined && !state.calls.get(event.toolCallId))) {
        // A completion nobody announced: announce it in the same frame, so the client sees a whole call.
        toolCallId ??= `call_${randomUUID()}`;
        items.push({
          type: 'tool_executing',
          payload: { agentName, toolName, toolCallId },
          idempotencyKey: `legacy:tool_executing:${toolName}:${n}`,
        });
        const executing = `${source}\u0000tool_executing\u0000${toolName}`;
        ordinals.set(executing, Math.max(n, state.ordinals.get(executing) ?? 0));
      }
      items.push({
        type: 'tool_completed',
        payload: compact({
          agentName,
          toolName,
          toolCallId,
          result: event.result,
          error: event.error,
          durationMs: event.durationMs,
        }),
        idempotencyKey: `legacy:tool_completed:${toolName}:${n}`,
      });
      break;
    }
    case 'agent_completed':
      // Legacy code routinely completes an agent without completing its tools.
      for (const [toolCallId, toolName] of state.openCalls()) {
        items.push({
          type: 'tool_completed',
          payload: compact({
            agentName,
            toolName,
            toolCallId,
            error: event.status === 'succeeded' ? undefined : `the agent ended (${event.status}) before this tool completed`,
          }),
          idempotencyKey: `legacy:tool_completed:auto:${toolCallId}`,
        });
      }
      items.push({
        type: 'agent_completed',
        payload: compact({
          agentName,
          status: event.status,
          result: event.result,
          error: event.error,
          durationMs: event.durationMs,
          usage: event.usage,
        }),
        idempotencyKey: END_KEY,
      });
      break;
  }

  return {
    items,
    startsRun,
    commit(events: readonly AgentEvent[]): void {
      for (const [key, n] of ordinals) state.ordinals.set(key, n);
      for (const sent of events) state.observe(sent);
      const own = events.at(-1);
      if (completionKey !== undefined && own?.type === 'tool_completed') {
        state.completions.set(completionKey, own.payload.toolCallId);
      }
    },
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** Drops `undefined` fields, so payloads on the wire and in comparisons hold only what was said. */
function compact<T extends Record<string, unknown>>(payload: T): T {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)) as T;
}
