/** How many nodes an admin command works on at once unless told otherwise. */
export const DEFAULT_FAN_OUT = 32;

export interface FanOutOptions {
  /** At most this many workers at once (default 32). */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Runs `work` for every item, at most `concurrency` at a time, and resolves with one settled
 * result per item in the items' order: one node failing never stops the others.
 */
export async function fanOut<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: FanOutOptions = {},
): Promise<Array<PromiseSettledResult<R>>> {
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_FAN_OUT));
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        options.signal?.throwIfAborted();
        results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
