import { SlurmdeckError } from '../core/errors.js';

/** The two ways a caller stops a command: shared by the process runner and the ssh transport. */
export function timeoutError(label: string, timeoutMs: number): SlurmdeckError {
  return new SlurmdeckError('TIMEOUT', `${label} did not finish within ${timeoutMs} ms`, {
    hint: 'Raise the timeout if the command is expected to take longer, or check why it hangs.',
    data: { timeoutMs },
  });
}

export function abortedError(label: string, signal: AbortSignal | undefined): SlurmdeckError {
  return new SlurmdeckError('ABORTED', `${label} was aborted`, { cause: signal?.reason });
}

/**
 * Waits for shared work (e.g. opening the ssh master) within one caller's timeout and signal,
 * without cancelling the work itself: other callers may still be waiting for it.
 */
export function within<T>(
  work: Promise<T>,
  options: { timeoutMs?: number; signal?: AbortSignal },
  label: string,
): Promise<T> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) return Promise.reject(abortedError(label, signal));
  if (timeoutMs === undefined && signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(abortedError(label, signal)));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => finish(() => reject(timeoutError(label, timeoutMs))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
