import type { z } from 'zod';
import type {
  sessionOutputResponse,
  sessionStatusResponse,
  sessionStopResponse,
  sessionsResponse,
} from '../../src/server/schemas.js';

// Types only: the schemas stay on the server.
export type SessionsResponse = z.infer<typeof sessionsResponse>;
export type SessionListItem = SessionsResponse['sessions'][number];
export type SessionStatus = z.infer<typeof sessionStatusResponse>;
export type SessionOutput = z.infer<typeof sessionOutputResponse>;
export type SessionStopResponse = z.infer<typeof sessionStopResponse>;

/** Phases in which a session holds (or waits for) a shell: the same list as LIVE_PHASES. */
export const LIVE = new Set(['connecting', 'queued', 'allocated', 'starting', 'ready']);

export const sessionPath = (name: string) => `/sessions/${encodeURIComponent(name)}`;
