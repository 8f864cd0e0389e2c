import { createHash } from 'node:crypto';

/**
 * The JSON body of a read route, kept per query while the view it was made from is the same
 * (same `at`): many viewers asking the same question between two refreshes cost one
 * serialization, and a client that sends the ETag back gets a 304 with no body.
 */
export function createResponseMemo(maxEntries = 64) {
  const entries = new Map<string, { at: number; body: string; etag: string }>();
  return {
    get(key: string, at: number, make: () => unknown): { body: string; etag: string } {
      const hit = entries.get(key);
      if (hit?.at === at) return hit;
      const body = JSON.stringify(make());
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      const entry = { at, body, etag };
      entries.delete(key);
      entries.set(key, entry);
      // Oldest first out: a Map iterates in insertion order, and a refreshed key moves last.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return entry;
    },
  };
}

export type ResponseMemo = ReturnType<typeof createResponseMemo>;
