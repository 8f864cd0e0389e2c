/** A sleep that something else can cut short: an epilog push wakes the poller at once. */
export function createWakeup() {
  let wake: (() => void) | undefined;
  let pending = false;
  return {
    /**
     * Resolves after `ms`, or at once when woken (or woken since the last sleep): true when it
     * was woken, false when the time passed or `signal` aborted.
     */
    sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
      if (pending) {
        pending = false;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const done = (woken: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', timedOut);
          wake = undefined;
          resolve(woken);
        };
        const timedOut = () => done(false);
        const timer = setTimeout(timedOut, ms);
        signal?.addEventListener('abort', timedOut, { once: true });
        wake = () => done(true);
      });
    },
    wake(): void {
      if (wake) wake();
      else pending = true;
    },
  };
}

export type Wakeup = ReturnType<typeof createWakeup>;
