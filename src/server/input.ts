import type { z } from 'zod';
import { SlurmdeckError } from '../core/errors.js';

/** Parses request input; on failure a 400 that names the field and what it should be. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new SlurmdeckError('INVALID_ARGUMENT', `${what} ${field}: ${issue?.message ?? 'invalid'}`, {
    hint: `Fix ${field} and send the request again; GET /api/openapi.json describes every field.`,
  });
}
