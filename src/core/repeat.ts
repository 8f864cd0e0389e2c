/** Waits `ms`, or less when `signal` aborts first; never rejects. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `step` every `everyMs` until `signal` aborts. A failed step goes to `onError` and the
 * next one runs on time: a background loop of a long-running process never dies of one error.
 */
export async function repeatUntilAborted(
  signal: AbortSignal,
  everyMs: number,
  step: () => Promise<unknown>,
  onError: (error: unknown) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await step();
    } catch (error) {
      onError(error);
    }
    await sleepUnlessAborted(everyMs, signal);
  }
}
