import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

export interface SessionLimits {
  /** Live sessions at most; a new one evicts the longest idle (default 64). */
  maxSessions?: number;
  /** A session without a request or an open stream for this long is closed (default 30 min). */
  idleMs?: number;
  now?: () => number;
}

export const DEFAULT_MAX_SESSIONS = 64;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  close(): Promise<void>;
  lastSeen: number;
  /** Responses still streaming (a GET event stream, a long tool call): the client is there. */
  openStreams: number;
}

/**
 * The live MCP sessions of one HTTP endpoint. Clients rarely say goodbye (a killed agent, a
 * laptop closed): sessions idle too long are closed, and their number is capped, so memory
 * stays flat however many clients come and go.
 */
export function createSessionTable(limits: SessionLimits = {}) {
  const max = limits.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const idleMs = limits.idleMs ?? DEFAULT_SESSION_IDLE_MS;
  const now = limits.now ?? Date.now;
  const sessions = new Map<string, Session>();

  function evict(id: string): void {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    void session.close().catch(() => undefined);
  }

  const idle = (session: Session) => session.openStreams === 0;

  function sweep(): void {
    const cutoff = now() - idleMs;
    for (const [id, session] of sessions) {
      if (idle(session) && session.lastSeen <= cutoff) evict(id);
    }
  }

  /** The session to give up for a new one: the longest idle, else the least recently used. */
  function victim(): string | undefined {
    let chosen: [string, Session] | undefined;
    for (const entry of sessions) {
      const [, session] = entry;
      if (!chosen) chosen = entry;
      else if (idle(session) !== idle(chosen[1])) chosen = idle(session) ? entry : chosen;
      else if (session.lastSeen < chosen[1].lastSeen) chosen = entry;
    }
    return chosen?.[0];
  }

  const timer = setInterval(sweep, Math.max(10, Math.min(idleMs / 4, 60_000))).unref();

  return {
    /** Frees a place for one more session (call before creating it). */
    makeRoom(): void {
      sweep();
      while (sessions.size >= max) {
        const id = victim();
        if (id === undefined) return;
        evict(id);
      }
    },
    add(id: string, transport: Session['transport'], close: () => Promise<void>): void {
      sessions.set(id, { transport, close, lastSeen: now(), openStreams: 0 });
    },
    /** The session's transport, marked as used now. */
    use(id: string): Session['transport'] | undefined {
      const session = sessions.get(id);
      if (session) session.lastSeen = now();
      return session?.transport;
    },
    /** Counts `response` as open until its body ends or is cancelled. */
    track(id: string | undefined, response: Response): Response {
      const session = id === undefined ? undefined : sessions.get(id);
      if (!session || !response.body) return response;
      session.openStreams++;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        session.openStreams--;
        session.lastSeen = now();
      };
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const chunk = await reader.read();
            if (chunk.done) {
              finish();
              controller.close();
            } else controller.enqueue(chunk.value);
          } catch (error) {
            finish();
            controller.error(error);
          }
        },
        cancel(reason) {
          finish();
          return reader.cancel(reason);
        },
      });
      return new Response(body, response);
    },
    forget(id: string): void {
      sessions.delete(id);
    },
    size: () => sessions.size,
    async closeAll(): Promise<void> {
      clearInterval(timer);
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((session) => session.close().catch(() => undefined)));
    },
  };
}

export type SessionTable = ReturnType<typeof createSessionTable>;
