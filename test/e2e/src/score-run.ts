import type { ExpectedEvent } from './golden-path-script.js';
import type { ReceivedFrame } from './received-frame.js';

export interface RunProblems {
  /** Keys of expected events that never arrived with their type. */
  lost: string[];
  /** One entry per extra copy. */
  duplicated: string[];
  /** Keys whose first copy arrived after an event that comes later in the script. */
  outOfOrder: string[];
  /** Frames of the run that are not events of the script: another type, or an unknown tool or step. */
  wrongType: string[];
  /** Frames of the run that reached another user, as `<key or type> -> <user>`. */
  crossUser: string[];
}

export interface RunScore {
  userId: string;
  runId: string;
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  wrongType: number;
  crossUser: number;
  problems: RunProblems;
}

/** Which expected event a frame is, or undefined when it is none of them. */
function keyOf(frame: ReceivedFrame, script: readonly ExpectedEvent[], seen: ReadonlyMap<string, number>): string | undefined {
  const candidates = script.filter((event) => event.type === frame.type);
  if (candidates.length === 0) return undefined;
  if (frame.type === 'tool_executing' || frame.type === 'tool_completed') {
    return candidates.find((event) => event.toolName === frame.toolName)?.key;
  }
  if (frame.stepNumber !== undefined && candidates.length > 1) {
    return candidates.find((event) => event.stepNumber === frame.stepNumber)?.key;
  }
  // No step number (or only one of its kind): the first not seen yet, else a repeat of the last.
  return (candidates.find((event) => !seen.has(event.key)) ?? candidates.at(-1))?.key;
}

/**
 * Scores one run from what its user's clients received (`frames`, in arrival order) and what
 * other users' clients received of it (`leaked`).
 */
export function scoreRun(input: {
  userId: string;
  runId: string;
  script: readonly ExpectedEvent[];
  frames: readonly ReceivedFrame[];
  leaked?: readonly ReceivedFrame[];
}): RunScore {
  const { script } = input;
  const counts = new Map<string, number>();
  const firstArrivals: string[] = [];
  const problems: RunProblems = { lost: [], duplicated: [], outOfOrder: [], wrongType: [], crossUser: [] };

  for (const frame of [...input.frames].sort((a, b) => a.order - b.order)) {
    const key = keyOf(frame, script, counts);
    if (key === undefined) {
      const detail = frame.toolName ?? (frame.stepNumber !== undefined ? `#${frame.stepNumber}` : undefined);
      problems.wrongType.push(detail ? `${frame.type}:${detail}` : frame.type);
      continue;
    }
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count === 1) firstArrivals.push(key);
    else problems.duplicated.push(key);
  }

  const position = new Map(script.map((event, index) => [event.key, index]));
  let latest = -1;
  for (const key of firstArrivals) {
    const index = position.get(key) ?? -1;
    if (index < latest) problems.outOfOrder.push(key);
    latest = Math.max(latest, index);
  }
  problems.lost = script.filter((event) => !counts.has(event.key)).map((event) => event.key);
  for (const frame of input.leaked ?? []) {
    problems.crossUser.push(`${keyOf(frame, script, new Map()) ?? frame.type} -> ${frame.receivedBy}`);
  }

  return {
    userId: input.userId,
    runId: input.runId,
    expected: script.length,
    delivered: script.length - problems.lost.length,
    lost: problems.lost.length,
    duplicated: problems.duplicated.length,
    outOfOrder: problems.outOfOrder.length,
    wrongType: problems.wrongType.length,
    crossUser: problems.crossUser.length,
    problems,
  };
}
