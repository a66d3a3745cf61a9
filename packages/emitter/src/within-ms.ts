/**
 * Whether `promise` settled within `ms` (it is left to settle on its own otherwise, so it
 * must not reject unhandled). For shutdown steps that wait on a peer that may be gone.
 */
export async function withinMs(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a closing node waits for a peer (Redis, broadcasts in flight) before it lets go. */
export const SHUTDOWN_WAIT_MS = 2000;
