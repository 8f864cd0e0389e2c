import type { Context } from 'hono';
import { SlurmdeckError } from '../core/errors.js';
import type { ServerEnv } from './env.js';

/** The JSON body; other content types are refused (a plain form from another site cannot send JSON). */
export async function jsonBody(c: Context<ServerEnv>, optional = false): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (optional && !type && !c.req.header('content-length')) return {};
  if (!/^application\/json\b/i.test(type)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the body must be JSON', {
      hint: 'Send Content-Type: application/json.',
    });
  }
  try {
    return await c.req.json();
  } catch {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the body is not valid JSON', {
      hint: 'Send one JSON object.',
    });
  }
}
