/** A sleep that something else can cut short: an epilog push wakes the poller at once. */
export function createWakeup() {
  let wake: (() => void) | undefined;
  let pending = false;
  return {
    /** Resolves after `ms`, or at once when woken (or woken since the last sleep). */
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
        wake = done;
      });
    },
    wake(): void {
      if (wake) wake();
      else pending = true;
    },
  };
}

export type Wakeup = ReturnType<typeof createWakeup>;
