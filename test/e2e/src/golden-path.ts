import { DEFAULT_NAMESPACE, WIRE } from '@unified-ws/emitter';
import { Manager, type Socket } from 'socket.io-client';
import { GOLDEN_PATH_SCRIPT, type ExpectedEvent } from './golden-path-script.js';
import { normalizeEnvelope, normalizeLegacyMessage, normalizeUserEvent, type ReceivedFrame } from './received-frame.js';
import { scoreRun, type RunScore } from './score-run.js';
import { seededRandom } from './seeded-random.js';

export interface GoldenPathOptions {
  /** The service, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** How many users chat at once (named user-1, user-2, …), or their usernames. */
  users: number | readonly string[];
  /** Messages each user sends, one after the other. @default 1 */
  runsPerUser?: number;
  /** Bound on the whole golden path. @default 30_000 */
  timeoutMs?: number;
  /** Chooses the questions and thread names. @default 1 */
  seed?: number;
  /** A run is over when its `agent_completed` arrived and nothing of it came for this long. @default 300 */
  quietMs?: number;
  /** How long to wait for one run's `agent_completed` before scoring it as it is. @default 10_000 */
  runTimeoutMs?: number;
  /** The events one run must deliver. @default GOLDEN_PATH_SCRIPT */
  script?: readonly ExpectedEvent[];
}

export interface GoldenPathTotals {
  runs: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  wrongType: number;
  crossUser: number;
  /** Frames naming a run this harness never started. */
  unattributed: number;
}

export interface GoldenPathReport {
  baseUrl: string;
  seed: number;
  users: string[];
  /** Which wires carried run events: the legacy `/` namespace, protocol v1's `/agent-events`. */
  channels: { legacy: boolean; v1: boolean };
  runs: RunScore[];
  totals: GoldenPathTotals;
  /** Non-run frames per user (connection notices, thread renames, …), by type. */
  notices: Record<string, Record<string, number>>;
  durationMs: number;
}

const QUESTIONS = [
  'How do I export my billing history?',
  'Why are my webhooks delayed?',
  'What are the rate limits for exports?',
  'How do I rotate my security keys?',
  'Which regions keep data at rest?',
  'How do accounts get merged?',
];

const CONNECT_TIMEOUT_MS = 5000;
const POLL_MS = 10;

class Deadline {
  readonly #at: number;
  constructor(ms: number) {
    this.#at = Date.now() + ms;
  }
  remaining(): number {
    return this.#at - Date.now();
  }
}

async function waitUntil(condition: () => boolean, what: string, deadline: Deadline): Promise<void> {
  while (!condition()) {
    if (deadline.remaining() <= 0) throw new Error(`golden path: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function postJson(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${JSON.stringify(payload)}`);
  return payload;
}

type Settled = 'pending' | 'connected' | 'refused';

/** One user's clients: one connection, both namespaces, every frame recorded. */
class UserClients {
  readonly frames: ReceivedFrame[] = [];
  readonly #manager: Manager;
  readonly #legacy: Socket;
  readonly #v1: Socket;
  #legacyState: Settled = 'pending';
  #v1State: Settled = 'pending';
  /** The legacy service says `connection_established` once it can reach the socket. */
  #legacyReady = false;

  constructor(
    baseUrl: string,
    readonly userId: string,
    token: string,
    nextOrder: () => number,
  ) {
    // Raw socket.io on purpose: an SDK would hide the duplicates this harness has to count.
    this.#manager = new Manager(baseUrl, { transports: ['websocket'], reconnection: false, timeout: CONNECT_TIMEOUT_MS });
    this.#legacy = this.#manager.socket('/', { auth: { token } });
    this.#v1 = this.#manager.socket(DEFAULT_NAMESPACE, { auth: { token } });
    const push = (fields: Omit<ReceivedFrame, 'receivedBy' | 'order'>) =>
      this.frames.push({ ...fields, receivedBy: userId, order: nextOrder() });

    this.#legacy.on('connect', () => (this.#legacyState = 'connected'));
    this.#legacy.on('connect_error', () => (this.#legacyState = 'refused'));
    this.#legacy.onAny((event: string, ...args: unknown[]) => {
      const frame = event === 'message' ? normalizeLegacyMessage(args[0]) : { ...normalizeLegacyMessage(args[0]), type: event };
      if (frame.type === 'connection_established') this.#legacyReady = true;
      push(frame);
    });
    this.#v1.on('connect', () => (this.#v1State = 'connected'));
    // Before a migration the service has no `/agent-events`: a refusal is expected there.
    this.#v1.on('connect_error', () => (this.#v1State = 'refused'));
    this.#v1.on(WIRE.event, (envelope: unknown) => push(normalizeEnvelope(envelope)));
    this.#v1.on(WIRE.events, (envelopes: unknown) => {
      for (const envelope of Array.isArray(envelopes) ? envelopes : []) push(normalizeEnvelope(envelope));
    });
    this.#v1.on(WIRE.userEvent, (event: unknown) => push(normalizeUserEvent(event)));
  }

  /** Both namespaces answered, and at least one of them will carry the run's events. */
  ready(): boolean {
    const settled = this.#legacyState !== 'pending' && this.#v1State !== 'pending';
    const legacyUsable = this.#legacyState === 'connected' && this.#legacyReady;
    return settled && (legacyUsable || this.#v1State === 'connected');
  }

  close(): void {
    this.#legacy.disconnect();
    this.#v1.disconnect();
    this.#manager.engine?.close();
  }
}

const EMPTY_TOTALS: GoldenPathTotals = {
  runs: 0,
  expected: 0,
  delivered: 0,
  lost: 0,
  duplicated: 0,
  outOfOrder: 0,
  wrongType: 0,
  crossUser: 0,
  unattributed: 0,
};

/**
 * The golden path, for several users at once: each logs in, connects, sends its messages one
 * after the other, and the harness records every frame every client receives. Each run is then
 * scored against the script: delivered, lost, duplicated, out of order, wrong type, cross-user.
 */
export async function runGoldenPath(options: GoldenPathOptions): Promise<GoldenPathReport> {
  const startedAt = Date.now();
  const deadline = new Deadline(options.timeoutMs ?? 30_000);
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const quietMs = options.quietMs ?? 300;
  const script = options.script ?? GOLDEN_PATH_SCRIPT;
  const runsPerUser = options.runsPerUser ?? 1;
  const usernames = typeof options.users === 'number' ? Array.from({ length: options.users }, (_, i) => `user-${i + 1}`) : [...options.users];
  const baseUrl = options.baseUrl.replace(/\/$/, '');

  let order = 0;
  const nextOrder = () => order++;
  const clients: UserClients[] = [];
  const userIds: string[] = [];
  /** Every run started, in start order, with its user. */
  const started: Array<{ runId: string; userId: string }> = [];
  const runOwners = new Map<string, string>();
  const questions = usernames.map(() => Array.from({ length: runsPerUser }, () => QUESTIONS[Math.floor(random() * QUESTIONS.length)] ?? 'Hello?'));

  const allFrames = () => clients.flatMap((client) => client.frames);
  const lastFrameOf = (runId: string) => Math.max(-1, ...allFrames().filter((frame) => frame.runId === runId).map((frame) => frame.order));

  async function runUser(username: string, index: number): Promise<void> {
    const session = await postJson(`${baseUrl}/api/login`, { username });
    const token = String(session['token']);
    const userId = String(session['userId']);
    userIds[index] = userId;
    const client = new UserClients(baseUrl, userId, token, nextOrder);
    clients.push(client);
    await waitUntil(() => client.ready(), `the clients of ${username} to connect`, deadline);

    for (let run = 0; run < runsPerUser; run++) {
      const threadId = `${username}-thread-${run + 1}`;
      const answer = await postJson(`${baseUrl}/api/threads/${threadId}/messages`, { text: questions[index]?.[run] }, token);
      const runId = String(answer['runId']);
      runOwners.set(runId, userId);
      started.push({ runId, userId });
      const completed = () => client.frames.some((frame) => frame.runId === runId && frame.type === 'agent_completed');
      const runDeadline = new Deadline(Math.min(deadline.remaining(), options.runTimeoutMs ?? 10_000));
      // A run whose agent_completed never comes is scored as it is: what did not arrive is lost.
      await waitUntil(completed, `agent_completed of ${runId}`, runDeadline).catch(() => undefined);
      // Late copies count too: wait until the run has been quiet for a while.
      let last = lastFrameOf(runId);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        const now = lastFrameOf(runId);
        if (now === last || deadline.remaining() <= 0) break;
        last = now;
      }
    }
  }

  try {
    await Promise.all(usernames.map((username, index) => runUser(username, index)));
  } finally {
    for (const client of clients) client.close();
  }

  const frames = allFrames();
  const runs = started.map(({ runId, userId }) => {
    const ofRun = frames.filter((frame) => frame.runId === runId);
    return scoreRun({
      userId,
      runId,
      script,
      frames: ofRun.filter((frame) => frame.receivedBy === userId),
      leaked: ofRun.filter((frame) => frame.receivedBy !== userId),
    });
  });

  const notices: Record<string, Record<string, number>> = {};
  let unattributed = 0;
  let foreignNotices = 0;
  for (const frame of frames) {
    if (frame.runId !== undefined) {
      if (!runOwners.has(frame.runId)) unattributed += 1;
      continue;
    }
    if (frame.userId !== undefined && frame.userId !== frame.receivedBy) foreignNotices += 1;
    const perUser = (notices[frame.receivedBy] ??= {});
    perUser[frame.type] = (perUser[frame.type] ?? 0) + 1;
  }

  const totals = runs.reduce<GoldenPathTotals>(
    (sum, run) => ({
      runs: sum.runs + 1,
      expected: sum.expected + run.expected,
      delivered: sum.delivered + run.delivered,
      lost: sum.lost + run.lost,
      duplicated: sum.duplicated + run.duplicated,
      outOfOrder: sum.outOfOrder + run.outOfOrder,
      wrongType: sum.wrongType + run.wrongType,
      crossUser: sum.crossUser + run.crossUser,
      unattributed: sum.unattributed,
    }),
    { ...EMPTY_TOTALS, unattributed, crossUser: foreignNotices },
  );

  return {
    baseUrl,
    seed,
    users: userIds,
    channels: {
      legacy: frames.some((frame) => frame.channel === 'legacy' && frame.runId !== undefined),
      v1: frames.some((frame) => frame.channel === 'v1' && frame.runId !== undefined),
    },
    runs,
    totals,
    notices,
    durationMs: Date.now() - startedAt,
  };
}
