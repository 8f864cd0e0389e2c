/**
 * At most `limit` attempts per `windowMs` for each key (a client address), and `globalLimit`
 * over all keys, so guessing login codes from many addresses stays slow too.
 */
export function createRateLimit(options: {
  limit: number;
  globalLimit: number;
  windowMs: number;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  let all: number[] = [];
  const recent = (times: number[]) => times.filter((t) => t > now() - options.windowMs);
  return {
    /** Counts one attempt; false when the key or everyone is over the limit. */
    allow(key: string): boolean {
      all = recent(all);
      const mine = recent(hits.get(key) ?? []);
      if (mine.length >= options.limit || all.length >= options.globalLimit) {
        hits.set(key, mine);
        return false;
      }
      mine.push(now());
      all.push(now());
      hits.set(key, mine);
      if (hits.size > 10_000) {
        for (const [k, times] of hits) if (recent(times).length === 0) hits.delete(k);
      }
      return true;
    },
  };
}
